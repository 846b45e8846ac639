package io.streambind.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The code and numeric path that trained a model: StreamBind's version, the Java runtime, the
 * machine, ND4J's backend and the BLAS kernels it selected. Training is bit-identical only along one
 * such path, so a snapshot says which one it came from.
 */
public record RuntimeProvenance(
        String streambindVersion,
        String javaVersion,
        String os,
        String arch,
        String nd4jBackend,
        String blasVendor,
        String blasCoreType,
        int blasThreads) {

    private static final String VERSION_RESOURCE = "streambind-version.properties";

    /** The path of this process. */
    public static RuntimeProvenance current() {
        return new RuntimeProvenance(
                version(),
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Nd4j.getBackend().getClass().getSimpleName(),
                String.valueOf(Nd4j.factory().blas().getBlasVendor()),
                // OpenBLAS picks its kernels from the CPU unless this names them (the launcher and tests set it)
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "auto"),
                Nd4j.factory().blas().getMaxThreads());
    }

    private static String version() {
        try (InputStream in = RuntimeProvenance.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
        }
    }
}
