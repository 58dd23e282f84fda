#!/usr/bin/env python3
"""Objects by type in a NativeAOT vigil's GC regions, from a heap dump in a console log.

usage: scripts/heap-histogram.py CONSOLE_LOG [BINARY] [DEBUG_SYMBOLS] [TOP]
  CONSOLE_LOG: the LVS guest's console (tests/lvs-guest/run.sh heap-dump writes HEAPREGION/HEAPB64 lines)
  BINARY: the vigil that ran (default artifacts/vigil): method tables are read from it (non-PIE: addresses are fixed)
  DEBUG_SYMBOLS: its symbols (default artifacts/vigil.dbg): a type's name is its method table's _ZTV symbol

Objects are walked from the first known method table in each region; an object whose type is not in the binary
(a type built at run time, the GC's free-space marker) is skipped to the next known one and counted as "unparsed".
Dead objects are counted too: after the trim's compacting collection, the regions the allocations since went to hold
some. Resident pages are what the dump holds that is not zero (pages never touched read as zero too).
"""
import base64, collections, gzip, re, struct, subprocess, sys

log = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else 'artifacts/vigil'
dbg = sys.argv[3] if len(sys.argv) > 3 else 'artifacts/vigil.dbg'
top = int(sys.argv[4]) if len(sys.argv) > 4 else 60

names = {}
for line in subprocess.run(['nm', dbg], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[2].startswith('_ZTV'):
        names[int(parts[0], 16)] = re.sub(r'^_ZTV\d+', '', parts[2])

image = open(binary, 'rb').read()
segments = []  # (vaddr, filesz, offset) of the ELF's LOAD segments
phoff, phentsize, phnum = struct.unpack_from('<Q', image, 0x20)[0], *struct.unpack_from('<HH', image, 0x36)
for i in range(phnum):
    p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from('<IIQQQQ', image, phoff + i * phentsize)
    if p_type == 1:
        segments.append((p_vaddr, p_filesz, p_offset))


def method_table(address):
    for vaddr, size, offset in segments:
        if vaddr <= address and address + 8 <= vaddr + size:
            return struct.unpack_from('<II', image, offset + address - vaddr)
    return None


regions, current = [], None
for line in open(log, errors='replace'):
    line = line.rstrip('\r\n')
    at = line.find('HEAPREGION ')
    if at >= 0:
        start, end = line[at:].split()[1:3]
        current = [int(start, 16), int(end, 16), []]
        regions.append(current)
        continue
    at = line.find('HEAPB64 ')
    if at >= 0 and current is not None:
        current[2].append(line[at + 8:].strip())

sizes, counts = collections.Counter(), collections.Counter()
for start, end, chunks in regions:
    data = gzip.decompress(base64.b64decode(''.join(chunks)))
    nonzero = sum(1 for i in range(0, len(data), 4096) if data[i:i + 4096].count(0) != 4096)
    offset, walked, unparsed, found = 0, 0, 0, False
    while offset + 8 <= len(data):
        mt = struct.unpack_from('<Q', data, offset)[0]
        info = method_table(mt) if (mt in names or found) else None
        if info is None:
            offset += 8
            if found and mt != 0:
                unparsed += 8
            continue
        found = True
        flags, base = info
        size = base + (struct.unpack_from('<I', data, offset + 8)[0] * (flags & 0xFFFF) if flags & 0x80000000 else 0)
        size = (size + 7) & ~7
        if size < 16 or offset + size > len(data):
            offset += 8
            unparsed += 8
            continue
        name = names.get(mt, 'mt@%x' % mt)
        sizes[name] += size
        counts[name] += 1
        walked += size
        offset += size
    print('region %x-%x: %d KiB mapped, %d KiB not zero, objects %d KiB, unparsed %d KiB'
          % (start, end, (end - start) // 1024, nonzero * 4, walked // 1024, unparsed // 1024))
print('objects: %d KiB in %d' % (sum(sizes.values()) // 1024, sum(counts.values())))
for name, size in sizes.most_common(top):
    print('%9d B %7d  %s' % (size, counts[name], name))
