#!/usr/bin/env python3
"""The straightforward baseline a user might write instead of solinspect.

Opens the solution zip with zipfile, streams customizations.xml through
xml.etree.ElementTree.iterparse (clearing elements as it goes, so memory stays
flat) and counts the same component kinds `solinspect inspect` reports, by the
element path each kind has in customizations.xml. solution.xml is parsed too
(the publisher and root components), as inspect does. Prints the counts as JSON.

Usage: baseline_python.py PACKAGE.zip
Standard library only (Python 3.9+).
"""
import json
import sys
import xml.etree.ElementTree as ET
import zipfile

# Element path from the root -> the count it adds to (same names as gen_large.py's summary).
PATHS = {
    "ImportExportXml/Entities/Entity": "entities",
    "ImportExportXml/Entities/Entity/EntityInfo/entity/attributes/attribute": "attributes",
    "ImportExportXml/Entities/Entity/FormXml/forms/systemform": "forms",
    "ImportExportXml/Entities/Entity/SavedQueries/savedqueries/savedquery": "views",
    "ImportExportXml/Entities/Entity/Visualizations/visualization": "charts",
    "ImportExportXml/EntityRelationships/EntityRelationship": "entityRelationships",
    "ImportExportXml/optionsets/optionset": "optionSets",
    "ImportExportXml/Roles/Role": "roles",
    "ImportExportXml/Workflows/Workflow": "workflows",
    "ImportExportXml/WebResources/WebResource": "webResources",
    "ImportExportXml/AppModules/AppModule": "appModules",
    "ImportExportXml/AppModuleSiteMaps/AppModuleSiteMap": "siteMaps",
    "ImportExportXml/SiteMap": "siteMaps",
}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def find_entry(archive, name):
    for info in archive.infolist():
        if info.filename.lower() == name.lower():
            return info
    return None


def count_customizations(stream):
    counts = {key: 0 for key in sorted(set(PATHS.values()))}
    path = []
    root = None
    for event, element in ET.iterparse(stream, events=("start", "end")):
        if event == "start":
            path.append(local(element.tag))
            if root is None:
                root = element
            kind = PATHS.get("/".join(path))
            if kind:
                counts[kind] += 1
        else:
            path.pop()
            # Drop what was read so far: the tree never holds more than the open path.
            element.clear()
            if len(path) >= 1 and root is not None:
                root.clear()
    return counts


def read_manifest(stream):
    manifest = {"uniqueName": None, "version": None, "rootComponents": 0}
    for _, element in ET.iterparse(stream, events=("end",)):
        tag = local(element.tag)
        if tag == "UniqueName" and manifest["uniqueName"] is None:
            manifest["uniqueName"] = (element.text or "").strip()
        elif tag == "Version" and manifest["version"] is None:
            manifest["version"] = (element.text or "").strip()
        elif tag == "RootComponent":
            manifest["rootComponents"] += 1
    return manifest


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_python.py PACKAGE.zip")
    with zipfile.ZipFile(sys.argv[1]) as archive:
        result = {"files": len(archive.infolist())}
        info = find_entry(archive, "solution.xml")
        if info is not None:
            with archive.open(info) as stream:
                result["solution"] = read_manifest(stream)
        info = find_entry(archive, "customizations.xml")
        if info is not None:
            with archive.open(info) as stream:
                result["components"] = count_customizations(stream)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
