package io.streamgate.pipeline.spark;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The jars a cluster's executors need that a stock Spark distribution lacks: the Kafka source with
 * its dependencies, and this app's own classes (a batch's pass and the archive's files are written in
 * the executors' tasks, on the app's local file system, {@code spark.hadoop.fs.file.impl}). The driver
 * serves them to its executors through {@code spark.jars}, which takes plain jar files; so whatever the
 * app runs from ({@code spring-boot:run}'s class folders, {@code java -jar}'s nested jars, the Docker image's
 * extracted layers), each is found, or written, as one.
 */
final class ExecutorJars {

    /** One class from each jar the Kafka source needs on an executor. */
    private static final List<String> KAFKA_SOURCE_CLASSES = List.of(
            "org.apache.spark.sql.kafka010.KafkaSourceProvider",
            "org.apache.spark.kafka010.KafkaTokenUtil",
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.commons.pool2.ObjectPool");

    static final String APP_CLASSES_JAR = "streamgate-classes.jar";
    private static final String APP_CLASSES = "classpath*:io/streamgate/**/*.class";

    private ExecutorJars() {
    }

    /**
     * @param folder where jars that are not plain files already (nested or made of class folders) are written
     * @return the jar files, in the order Spark should add them
     */
    static List<Path> write(Path folder) {
        try {
            Files.createDirectories(folder);
            Set<Path> jars = new LinkedHashSet<>();
            for (String className : KAFKA_SOURCE_CLASSES) {
                jars.add(jarOf(className, folder));
            }
            jars.add(appClasses(folder.resolve(APP_CLASSES_JAR)));
            return new ArrayList<>(jars);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the jars for Spark's executors in " + folder, e);
        }
    }

    /** The jar holding the class: its own file, or a copy of a jar nested in the app's jar. */
    private static Path jarOf(String className, Path folder) throws IOException {
        URL resource = ExecutorJars.class.getClassLoader().getResource(className.replace('.', '/') + ".class");
        if (resource == null) {
            throw new IllegalStateException(className + " is not on the app's classpath");
        }
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IllegalStateException(className + " is not in a jar: " + resource);
        }
        URL jarUrl = jar.getJarFileURL();
        if ("file".equals(jarUrl.getProtocol())) {
            return Path.of(toUri(jarUrl));
        }
        jar.setUseCaches(false); // a JarFile of our own to close, not the class loader's
        try (JarFile nested = jar.getJarFile()) {
            Path copy = folder.resolve(Path.of(jarUrl.getPath()).getFileName().toString());
            copy(nested, copy);
            return copy;
        }
    }

    /** Every class of the app's packages, wherever it is loaded from, in one jar. */
    private static Path appClasses(Path target) throws IOException {
        Resource[] classes = new PathMatchingResourcePatternResolver(ExecutorJars.class.getClassLoader())
                .getResources(APP_CLASSES);
        Set<String> written = new LinkedHashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            for (Resource resource : classes) {
                String url = resource.getURL().toString();
                String name = url.substring(url.lastIndexOf("io/streamgate/"));
                if (written.add(name)) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = resource.getInputStream()) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        if (written.isEmpty()) {
            throw new IllegalStateException("No class of the app found with " + APP_CLASSES);
        }
        return target;
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Not a file location: " + url, e);
        }
    }

    private static void copy(JarFile source, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                out.putNextEntry(new JarEntry(entry.getName()));
                if (!entry.isDirectory()) {
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }
}
