#!/usr/bin/env python3
# Regenerates the seeded-defect table of target/README.md from target/Sirim.ReferenceTarget/defects.json (run from anywhere).
import json, os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
d=json.load(open('target/Sirim.ReferenceTarget/defects.json'))
p='target/README.md'; lines=open(p).read().split('\n')
h=lines.index('| id | gate | breaks | caughtBy |')
end=h+2
while end<len(lines) and lines[end].startswith('|'): end+=1
rows=['| `'+x['id']+'` | '+x['gate']+' | '+x['breaks'].replace('|','\\|')+' | `'+x['caughtBy']+'` |' for x in d]
open(p,'w').write('\n'.join(lines[:h+2]+rows+lines[end:]))
