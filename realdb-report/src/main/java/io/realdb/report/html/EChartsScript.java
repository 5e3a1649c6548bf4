package io.realdb.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Apache ECharts (Apache License 2.0), read once from its WebJar on the classpath, to be inlined
 * into the page: the report then views offline, with no CDN.
 */
public final class EChartsScript {

    private static final String WEBJAR = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private EChartsScript() {
    }

    public static String version() {
        return Holder.VERSION;
    }

    public static String source() {
        return Holder.SOURCE;
    }

    private static final class Holder {
        static final String VERSION = readVersion();
        static final String SOURCE = read("META-INF/resources/webjars/echarts/" + VERSION + "/dist/echarts.min.js");
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource(WEBJAR)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + WEBJAR, e);
        }
        return properties.getProperty("version");
    }

    private static String read(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = EChartsScript.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath: the ECharts WebJar is missing from the build");
        }
        return in;
    }
}
