#!/usr/bin/python3
"""Writes src/beacon/nemsis/record_model.h from the official NEMSIS v3.5.1 EMSDataSet XSD and data
dictionary: one C++ struct per section and group Beacon models, with members named after the
dictionary's element names, and a Visit function that walks the members in the schema's sequence
order with each element's occurrence rules. Re-run after a NEMSIS version change:

    /usr/bin/python3 tools/nemsis_model.py ../shared/data/nemsis > src/beacon/nemsis/record_model.h
    tools/format.sh
"""
import re
import sys
from pathlib import Path

from lxml import etree

XS = '{http://www.w3.org/2001/XMLSchema}'
# Sections modelled whole (clinical and operational: what crews document and the CAD fills in).
# Not modelled: eLabs (lab and imaging results, waveform graphics), eOther (attached files,
# signature images, crew exposures) and eCustomResults (agency-defined): import reports them.
FULL = ['eRecord', 'eResponse', 'eDispatch', 'eCrew', 'eTimes', 'ePatient', 'ePayment', 'eScene',
        'eSituation', 'eOutcome',
        'eInjury', 'eArrest', 'eHistory', 'eNarrative', 'eVitals', 'eExam', 'eProtocols',
        'eMedications', 'eProcedures', 'eAirway', 'eDevice', 'eDisposition']
REQUIRED_ONLY = []  # sections of which only the required elements are modelled (none now)

data = Path(sys.argv[1])
xsd_dir = data / 'xsd'
ctypes = {}
for f in sorted(xsd_dir.glob('*.xsd')):
    for c in etree.parse(str(f)).getroot().findall(XS + 'complexType'):
        ctypes[c.get('name')] = c
names = {}
for line in (data / 'dictionary' / 'EMSDataSet_ElementDetails.txt').read_text().splitlines()[1:]:
    cols = line.strip("'|").split("'|'")
    names[cols[2]] = cols[3]

root = etree.parse(str(xsd_dir / 'EMSDataSet_v3.xsd')).getroot()
pcr = next(e for e in root.iter(XS + 'element') if e.get('name') == 'PatientCareReport')
sections = [(e.get('name'), e.get('type'), e.get('minOccurs', '1')) for e in
            pcr.find(XS + 'complexType').find(XS + 'sequence')]


def snake(text):
    text = text.replace('Date/Time', 'Time').replace('/', ' or ').replace('#', 'number')
    text = re.sub(r'[^A-Za-z0-9]+', '_', text).strip('_').lower()
    if text[0].isdigit():
        text = 'n_' + text
    return text


def group_member(group_id):
    return snake(re.sub(r'([a-z])([A-Z])', r'\1 \2', group_id.split('.', 1)[1]))


def struct_name(group_id):
    sec, rest = group_id.split('.', 1) if '.' in group_id else (group_id, '')
    base = sec[1:]  # eVitals -> Vitals
    return base + rest.replace('Group', '') if rest else base


def children(seq):
    """Flattens nested xs:sequence (NEMSIS uses none of xs:choice in the EMS dataset)."""
    for ch in seq:
        tag = etree.QName(ch).localname
        if tag == 'element':
            yield ch
        elif tag == 'sequence':
            yield from children(ch)
        elif tag not in ('annotation',):
            raise SystemExit(f'unexpected {tag} in the schema')


structs = []  # (name, comment, members, visit lines), inner first


def leaf_attrs(el):
    ct = el.find(XS + 'complexType')
    if ct is None:
        return set()
    return {a.get('name') for a in ct.iter(XS + 'attribute')}


def build(name, comment, seq, required_only):
    members, visits, used = [], [], set()
    for el in children(seq):
        ename = el.get('name')
        mn, mx = el.get('minOccurs', '1'), el.get('maxOccurs', '1')
        required, many = mn != '0', mx != '1'
        typ = el.get('type')
        ct = ctypes.get(typ) if typ else el.find(XS + 'complexType')
        inner = ct.find(XS + 'sequence') if ct is not None else None
        if required_only and not required:
            continue
        if inner is not None:  # a group
            sname = struct_name(ename)
            build(sname, ename, inner, required_only)
            member = group_member(ename)
            ctype = f'std::vector<{sname}>' if many else (sname if required else f'std::optional<{sname}>')
            flags = 'kRequired' if required else 'kOptional'
            members.append((ctype, member, ename + (' (1 or more)' if required and many else '')))
            visits.append(f'v.Group(s.{member}, "{ename}", {flags});')
            continue
        member = snake(names.get(ename, ename))
        if member in used:
            member += '_' + ename.split('.')[1]
        used.add(member)
        attrs = leaf_attrs(el)
        flags = ['kRequired' if required else 'kOptional']
        if el.get('nillable') == 'true':
            flags.append('kNillable')
        if 'NV' in attrs:
            flags.append('kNotValues')
        if 'PN' in attrs:
            flags.append('kPertinentNegatives')
        ctype = 'Repeated' if many else 'Single'
        members.append((ctype, member, ename + ' ' + names.get(ename, '')))
        visits.append(f'v.Leaf(s.{member}, "{ename}", {" | ".join(flags)});')
    structs.append((name, comment, members, visits))


top = []
for sec, typ, mn in sections:
    if sec not in FULL and sec not in REQUIRED_ONLY:
        continue
    ct = ctypes[typ]
    seq = ct.find(XS + 'sequence')
    if seq is None:
        raise SystemExit(f'{sec}: no sequence')
    sname = struct_name(sec)
    build(sname, sec + (' (required elements only)' if sec in REQUIRED_ONLY else ''), seq,
          sec in REQUIRED_ONLY)
    member = snake(sec[1:]) if sec != 'eCrew' else 'crew'
    flags = 'kRequired' if mn != '0' else 'kOptional'
    top.append((f'std::optional<{sname}>' if mn == '0' else sname, member, sec, flags))

out = []
w = out.append
w('// GENERATED by tools/nemsis_model.py from the NEMSIS v3.5.1 EMSDataSet XSD and data dictionary.')
w('// Do not edit: change the generator and re-run it (the command is in its docstring).')
w('//')
w('// The sections of a patient care report Beacon models, one struct per section and group, in the')
w('// schema\'s sequence order. Each element is a Single (0..1) or Repeated (0..n) Element; the')
w('// Visit functions give each its NEMSIS name and occurrence rules, so one walk serves XML export,')
w('// import, JSON and comparison (record.h, xml.cc, json.cc).')
w('#pragma once')
w('')
w('#include <optional>')
w('#include <vector>')
w('')
w('#include "beacon/nemsis/element.h"')
w('')
w('namespace beacon::nemsis {')
for name, comment, members, visits in structs:
    w('')
    w(f'// {comment}')
    w(f'struct {name} {{')
    for ctype, member, c in members:
        w(f'  {ctype} {member};  // {c.strip()}')
    w('  Attributes attributes;  // on the section or group element itself (e.g. CorrelationID)')
    w(f'  friend bool operator==(const {name}&, const {name}&) = default;')
    w('  template <class S, class V>')
    w('  static void Visit(S& s, V& v) {')
    for line in visits:
        w('    ' + line)
    w('  }')
    w('};')
w('')
w('// The modelled sections of one PatientCareReport.')
w('struct PatientCareReport {')
w('  Attributes attributes;  // on the PatientCareReport element: its UUID')
for ctype, member, sec, flags in top:
    w(f'  {ctype} {member};  // {sec}')
w('  friend bool operator==(const PatientCareReport&, const PatientCareReport&) = default;')
w('  template <class S, class V>')
w('  static void Visit(S& s, V& v) {')
for ctype, member, sec, flags in top:
    w(f'    v.Group(s.{member}, "{sec}", {flags});')
w('  }')
w('};')
w('')
w('// Sections of a PatientCareReport that Beacon does not model (reported on import).')
unmodelled = [s for s, _, _ in sections if s not in FULL and s not in REQUIRED_ONLY]
w('inline constexpr const char* kUnmodelledSections[] = {' + ', '.join(f'"{s}"' for s in unmodelled) + '};')
w('')
w('}  // namespace beacon::nemsis')
print('\n'.join(out))
