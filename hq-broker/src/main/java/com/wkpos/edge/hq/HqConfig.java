package com.wkpos.edge.hq;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * {@code hq --state-dir DIR [--listen HOST:PORT] [--mqtt-listen HOST:PORT | --broker URL] [--db JDBC-URL]
 * [--tenant T] [--shared-ingest] [--broker-cert FILE --broker-key FILE --broker-ca FILE | --broker-tls DIR]
 * [--shop-config FILE]}
 * (**contract** for the first four). Without {@code --broker} HQ runs its own broker on {@code --mqtt-listen};
 * without {@code --db} it keeps SQLite {@code hq.db} in the state directory. {@code --tenant} is the tenant
 * the admin API works on when a request names none. The TLS options give HQ its own client certificate
 * for a broker that requires one (the Mosquitto configuration {@code hq broker-config} writes);
 * {@code --broker-tls DIR} takes {@code hq.pem}, {@code hq.key} and {@code ca.pem} from that folder.
 * {@code --shop-config FILE} turns on the web-shop connector ({@link ShopConfig}, ADR 014).
 *
 * @param sharedIngest subscribe through {@code $share/hq-ingest/…} (several HQ instances on one broker);
 *                     defaults to on for an external broker, off for the embedded one, which lacks it
 */
public record HqConfig(Path stateDir, String listenHost, int listenPort, String mqttHost, int mqttPort,
                       String brokerUrl, String dbUrl, String tenant, boolean sharedIngest, BrokerTls brokerTls,
                       Path shopConfig) {

    /** HQ's client certificate and key, and the CA the broker's certificate must chain to (PEM files). */
    public record BrokerTls(Path certificate, Path key, Path ca) {
        static BrokerTls inFolder(Path dir) {
            return new BrokerTls(dir.resolve("hq.pem"), dir.resolve("hq.key"), dir.resolve("ca.pem"));
        }

        /** @throws IllegalStateException naming the file that cannot be read or used */
        public javax.net.ssl.SSLSocketFactory socketFactory() {
            try {
                return com.wkpos.edge.protocol.mqtt.Tls.socketFactory(java.nio.file.Files.readString(ca),
                        java.nio.file.Files.readString(certificate), java.nio.file.Files.readString(key));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read HQ's broker TLS files: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("HQ's broker TLS files " + certificate + ", " + key + ", " + ca
                        + " are unusable: " + e.getMessage(), e);
            }
        }
    }

    public boolean embeddedBroker() {
        return brokerUrl == null;
    }

    public HqConfig withPorts(int listen, int mqtt) {
        return new HqConfig(stateDir, listenHost, listen, mqttHost, mqtt, brokerUrl, dbUrl, tenant, sharedIngest, brokerTls,
                shopConfig);
    }

    /** @throws IllegalArgumentException naming the bad option */
    public static HqConfig parse(List<String> args) {
        Path stateDir = null;
        String listen = "127.0.0.1:8090";
        String mqtt = "127.0.0.1:1883";
        String broker = null;
        String db = null;
        String tenant = "demo";
        Boolean shared = null;
        Path shop = null;
        java.util.Map<String, Path> tls = new java.util.HashMap<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--state-dir" -> stateDir = Path.of(value(it, arg));
                case "--listen" -> listen = value(it, arg);
                case "--mqtt-listen" -> mqtt = value(it, arg);
                case "--broker" -> broker = value(it, arg);
                case "--db" -> db = value(it, arg);
                case "--tenant" -> tenant = value(it, arg);
                case "--shop-config" -> shop = Path.of(value(it, arg));
                case "--shared-ingest" -> shared = true;
                case "--no-shared-ingest" -> shared = false;
                case "--broker-cert", "--broker-key", "--broker-ca", "--broker-tls" -> tls.put(arg, Path.of(value(it, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir DIR is required");
        }
        if (broker != null && !broker.matches("(tcp|ssl)://[^/]+:\\d+")) {
            throw new IllegalArgumentException("--broker must be tcp://HOST:PORT or ssl://HOST:PORT, was " + broker);
        }
        com.wkpos.edge.protocol.Topics.requireId("--tenant", tenant);
        BrokerTls brokerTls = brokerTls(tls, broker);
        String[] l = hostPort("--listen", listen);
        String[] m = hostPort("--mqtt-listen", mqtt);
        return new HqConfig(stateDir, l[0], Integer.parseInt(l[1]), m[0], Integer.parseInt(m[1]), broker, db, tenant,
                shared != null ? shared : broker != null, brokerTls, shop);
    }

    private static BrokerTls brokerTls(java.util.Map<String, Path> o, String broker) {
        if (o.isEmpty()) {
            return null;
        }
        if (broker == null || !broker.startsWith("ssl://")) {
            throw new IllegalArgumentException("--broker-cert/--broker-key/--broker-ca/--broker-tls need --broker ssl://HOST:PORT");
        }
        if (o.containsKey("--broker-tls")) {
            if (o.size() > 1) {
                throw new IllegalArgumentException("give either --broker-tls DIR or --broker-cert, --broker-key and --broker-ca");
            }
            return BrokerTls.inFolder(o.get("--broker-tls"));
        }
        for (String need : java.util.List.of("--broker-cert", "--broker-key", "--broker-ca")) {
            if (!o.containsKey(need)) {
                throw new IllegalArgumentException(need + " FILE is required with the other broker TLS options");
            }
        }
        return new BrokerTls(o.get("--broker-cert"), o.get("--broker-key"), o.get("--broker-ca"));
    }

    static String[] hostPort(String option, String v) {
        int colon = v.lastIndexOf(':');
        if (colon < 1 || !v.substring(colon + 1).matches("\\d{1,5}") || Integer.parseInt(v.substring(colon + 1)) > 65_535) {
            throw new IllegalArgumentException(option + " must be HOST:PORT, was " + v);
        }
        return new String[] {v.substring(0, colon), v.substring(colon + 1)};
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }
}
