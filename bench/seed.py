#!/usr/bin/env python3
"""Writes a seed of about SIZE_MB megabytes in mysqldump's shape: four InnoDB tables with
secondary keys, LOCK TABLES, and extended INSERTs of about 1 MB each. The rows vary (ids,
numbers, dates, text of varying length) but come from a fixed random seed, so that one size
always gives the same file.

    bench/seed.py SIZE_MB FILE                # mysqldump's shape
    bench/seed.py SIZE_MB FILE postgresql     # the same rows in pg_dump's plain shape (no COPY: INSERTs)
"""
import random
import sys

HEADER = """-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: bench
-- ------------------------------------------------------
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
"""

FOOTER = """/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;
-- Dump completed
"""

TABLES = {
    "customer": """CREATE TABLE `customer` (
  `id` int(11) NOT NULL,
  `name` varchar(64) NOT NULL,
  `email` varchar(128) DEFAULT NULL,
  `created_at` datetime NOT NULL,
  `balance` decimal(12,2) NOT NULL DEFAULT 0.00,
  `note` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_customer_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;""",
    "orders": """CREATE TABLE `orders` (
  `id` bigint(20) NOT NULL,
  `customer_id` int(11) NOT NULL,
  `status` enum('new','paid','shipped','cancelled') NOT NULL,
  `total` decimal(12,2) NOT NULL,
  `created_at` datetime NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_orders_customer` (`customer_id`,`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;""",
    "order_item": """CREATE TABLE `order_item` (
  `id` bigint(20) NOT NULL,
  `order_id` bigint(20) NOT NULL,
  `sku` varchar(32) NOT NULL,
  `quantity` int(11) NOT NULL,
  `price` decimal(10,2) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_order_item_order` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;""",
    "event_log": """CREATE TABLE `event_log` (
  `id` bigint(20) NOT NULL,
  `kind` varchar(16) NOT NULL,
  `at` datetime NOT NULL,
  `payload` varchar(255) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;""",
}

PG_TABLES = {
    "customer": """CREATE TABLE customer (
    id integer NOT NULL PRIMARY KEY,
    name character varying(64) NOT NULL,
    email character varying(128),
    created_at timestamp without time zone NOT NULL,
    balance numeric(12,2) DEFAULT 0.00 NOT NULL,
    note text
);
CREATE INDEX ix_customer_email ON customer (email);""",
    "orders": """CREATE TABLE orders (
    id bigint NOT NULL PRIMARY KEY,
    customer_id integer NOT NULL,
    status character varying(16) NOT NULL,
    total numeric(12,2) NOT NULL,
    created_at timestamp without time zone NOT NULL
);
CREATE INDEX ix_orders_customer ON orders (customer_id, created_at);""",
    "order_item": """CREATE TABLE order_item (
    id bigint NOT NULL PRIMARY KEY,
    order_id bigint NOT NULL,
    sku character varying(32) NOT NULL,
    quantity integer NOT NULL,
    price numeric(10,2) NOT NULL
);
CREATE INDEX ix_order_item_order ON order_item (order_id);""",
    "event_log": """CREATE TABLE event_log (
    id bigint NOT NULL PRIMARY KEY,
    kind character varying(16) NOT NULL,
    at timestamp without time zone NOT NULL,
    payload character varying(255) NOT NULL
);""",
}

SHARE = {"customer": 0.2, "orders": 0.25, "order_item": 0.3, "event_log": 0.25}
STATEMENT_BYTES = 1 << 20
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
STATUS = ("new", "paid", "shipped", "cancelled")
KINDS = ("login", "logout", "view", "search", "cart", "checkout", "refund")


POOL = 4096


def pools(r):
    """Dates and texts to pick from: drawing a few values per row keeps the generator fast."""
    dates = ["'20%02d-%02d-%02d %02d:%02d:%02d'" % (r.randrange(10, 26), r.randrange(1, 13), r.randrange(1, 29),
                                                  r.randrange(24), r.randrange(60), r.randrange(60)) for _ in range(POOL)]
    texts = [" ".join(r.choice(WORDS) for _ in range(r.randrange(2, 30))) for _ in range(POOL)]
    names = [r.choice(WORDS) + " " + r.choice(WORDS) for _ in range(POOL)]
    return dates, texts, names


def rows(table, r, count):
    """Row literals for ids 1 to count: a generator, so that memory stays small."""
    dates, texts, names = pools(r)
    bits = r.getrandbits
    if table == "customer":
        for i in range(1, count + 1):
            name = names[bits(12)]
            yield "(%d,'%s','%s%d@example.org',%s,%d.%02d,%s)" % (
                i, name, name.replace(" ", "."), i, dates[bits(12)], bits(17), i % 100,
                "NULL" if i % 3 == 0 else "'" + texts[bits(12)] + "'")
    elif table == "orders":
        for i in range(1, count + 1):
            yield "(%d,%d,'%s',%d.%02d,%s)" % (i, bits(20) + 1, STATUS[i % 4], bits(12), i % 100, dates[bits(12)])
    elif table == "order_item":
        for i in range(1, count + 1):
            yield "(%d,%d,'SKU-%06d',%d,%d.%02d)" % (i, bits(21) + 1, bits(19), i % 8 + 1, bits(9), i % 100)
    else:
        for i in range(1, count + 1):
            yield "(%d,'%s',%s,'%s')" % (i, KINDS[i % 7], dates[bits(12)], texts[bits(12)])


def main():
    size_mb = float(sys.argv[1])
    if len(sys.argv) > 3 and sys.argv[3] == "postgresql":
        return postgresql(size_mb, sys.argv[2])
    target = int(size_mb * 1e6)
    r = random.Random(42)
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        out.write(HEADER)
        for table, create in TABLES.items():
            budget = int(target * SHARE[table])
            out.write("\n--\n-- Table structure for table `%s`\n--\n\nDROP TABLE IF EXISTS `%s`;\n%s\n\n" % (table, table, create))
            out.write("LOCK TABLES `%s` WRITE;\n/*!40000 ALTER TABLE `%s` DISABLE KEYS */;\n" % (table, table))
            written = 0
            statement = []
            statement_bytes = 0
            for row in rows(table, r, 10 ** 9):
                statement.append(row)
                statement_bytes += len(row) + 1
                if statement_bytes >= STATEMENT_BYTES:
                    line = "INSERT INTO `%s` VALUES %s;\n" % (table, ",".join(statement))
                    out.write(line)
                    written += len(line)
                    statement, statement_bytes = [], 0
                    if written >= budget:
                        break
            if statement:
                out.write("INSERT INTO `%s` VALUES %s;\n" % (table, ",".join(statement)))
            out.write("/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\n" % table)
        out.write(FOOTER)


def postgresql(size_mb, file):
    """The same rows for PostgreSQL: its DDL, then multi-row INSERTs of about 1 MB."""
    target = int(size_mb * 1e6)
    r = random.Random(42)
    with open(file, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        out.write("-- PostgreSQL database dump\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n")
        for table in TABLES_ORDER:
            out.write("\n%s\n\n" % PG_TABLES[table])
            budget = int(target * SHARE[table])
            written = 0
            statement = []
            statement_bytes = 0
            for row in rows(table, r, 10 ** 9):
                statement.append(row)
                statement_bytes += len(row) + 1
                if statement_bytes >= STATEMENT_BYTES:
                    line = "INSERT INTO %s VALUES %s;\n" % (table, ",".join(statement))
                    out.write(line)
                    written += len(line)
                    statement, statement_bytes = [], 0
                    if written >= budget:
                        break
            if statement:
                out.write("INSERT INTO %s VALUES %s;\n" % (table, ",".join(statement)))
        out.write("-- PostgreSQL database dump complete\n")


TABLES_ORDER = ("customer", "orders", "order_item", "event_log")


if __name__ == "__main__":
    main()
