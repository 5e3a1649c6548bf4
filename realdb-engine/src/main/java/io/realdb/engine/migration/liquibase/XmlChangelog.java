package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An XML changelog, read with the JDK's parser with document types and external entities turned
 * off: a changelog is the change's text, and must not make realdb read other files or the network.
 */
final class XmlChangelog extends DefaultHandler {

    /** Children of a changeSet that are not changes. */
    private static final Set<String> NOT_CHANGES = Set.of("comment", "preConditions", "validCheckSum", "modifySql",
            "rollback");

    private final String path;
    private final ChangelogReader reader;
    private Locator locator;
    private int depth;
    private String logicalPath;

    private int changeSetDepth = -1;
    private Attributes changeSetAttributes;
    private int changeSetLine;
    private boolean explicitRollback;
    private final List<String> changes = new ArrayList<>();

    private XmlChangelog(String path, ChangelogReader reader) {
        this.path = path;
        this.reader = reader;
        this.logicalPath = path;
    }

    static void read(String path, String text, ChangelogReader reader) {
        XmlChangelog handler = new XmlChangelog(path, reader);
        try {
            SAXParser parser = factory().newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            throw new BadInputException("liquibase changelog '" + path + "' line " + e.getLineNumber() + ": "
                    + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new BadInputException("liquibase changelog '" + path + "' is not readable XML: " + e.getMessage(), e);
        }
    }

    private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = localName.isEmpty() ? qName : localName;
        depth++;
        if (depth == 1) {
            if (!name.equals("databaseChangeLog")) {
                throw problem("the root element is <" + qName + ">, not <databaseChangeLog>");
            }
            String logical = attributes.getValue("logicalFilePath");
            if (logical != null && !logical.isBlank()) {
                logicalPath = logical.trim();
            }
        } else if (depth == 2) {
            switch (name) {
                case "changeSet" -> startChangeSet(attributes);
                case "include" -> include(attributes);
                case "includeAll" -> includeAll(attributes);
                default -> { }
            }
        } else if (changeSetDepth > 0 && depth == changeSetDepth + 1) {
            if (name.equals("rollback")) {
                explicitRollback = true;
            } else if (!NOT_CHANGES.contains(name)) {
                changes.add(name);
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (depth == changeSetDepth) {
            endChangeSet();
        }
        depth--;
    }

    private void startChangeSet(Attributes attributes) {
        changeSetDepth = depth;
        changeSetAttributes = new AttributesImpl(attributes);
        changeSetLine = line();
        explicitRollback = false;
        changes.clear();
    }

    private void endChangeSet() {
        Attributes attributes = changeSetAttributes;
        String id = attributes.getValue("id");
        String author = attributes.getValue("author");
        if (id == null || id.isBlank()) {
            throw new BadInputException("liquibase changelog '" + path + "' line " + changeSetLine
                    + ": a changeSet has no id");
        }
        String logical = attributes.getValue("logicalFilePath");
        String recorded = logical != null && !logical.isBlank() ? logical.trim() : logicalPath;
        boolean rollback = explicitRollback || ChangelogReader.selfInverting(changes);
        reader.add(new Changeset(recorded, id, author == null ? "" : author, rollback,
                        flag(attributes, "runAlways", false)),
                flag(attributes, "ignore", false), attributes.getValue("dbms"));
        changeSetDepth = -1;
        changeSetAttributes = null;
    }

    private void include(Attributes attributes) {
        String file = attributes.getValue("file");
        if (file == null || file.isBlank()) {
            throw problem("<include> has no file attribute");
        }
        if (flag(attributes, "ignore", false)) {
            return;
        }
        reader.include(ChangelogReader.target(file, flag(attributes, "relativeToChangelogFile", false), path),
                flag(attributes, "errorIfMissing", true), path);
    }

    private void includeAll(Attributes attributes) {
        String folder = attributes.getValue("path");
        if (folder == null || folder.isBlank()) {
            throw problem("<includeAll> has no path attribute");
        }
        if (flag(attributes, "ignore", false)) {
            return;
        }
        reader.includeAll(ChangelogReader.target(folder, flag(attributes, "relativeToChangelogFile", false), path),
                flag(attributes, "errorIfMissingOrEmpty", true), path,
                number(attributes, "minDepth", 1), number(attributes, "maxDepth", Integer.MAX_VALUE),
                attributes.getValue("endsWithFilter"));
    }

    private boolean flag(Attributes attributes, String name, boolean otherwise) {
        String value = attributes.getValue(name);
        return value == null || value.isBlank() ? otherwise : Boolean.parseBoolean(value.trim());
    }

    private int number(Attributes attributes, String name, int otherwise) {
        String value = attributes.getValue(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw problem(name + "=\"" + value + "\" is not a number");
        }
    }

    private int line() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    private BadInputException problem(String message) {
        return new BadInputException("liquibase changelog '" + path + "' line " + line() + ": " + message);
    }
}
