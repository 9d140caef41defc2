import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseUrl, decodeTile, signIn, tileOf } from '../helpers';

/** GDAL's MVT driver is a third, independent reader of our tiles (Debian: gdal-bin). */
describe('GDAL reads our tiles', () => {
  it('ogrinfo lists the same number of buildings as the JS decoder, with id and height fields', async () => {
    const { z, x, y } = tileOf(119.3005, 26.0865, 15);
    const { headers } = await signIn('demo-admin');
    const res = await fetch(`${baseUrl()}/tiles/buildings/${z}/${x}/${y}.mvt`, { headers });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // GDAL georeferences a single tile from a {z}/{x}/{y}.pbf path.
    const dir = mkdtempSync(path.join(tmpdir(), 'mvt-'));
    mkdirSync(path.join(dir, String(z), String(x)), { recursive: true });
    const file = path.join(dir, String(z), String(x), `${y}.pbf`);
    writeFileSync(file, bytes);
    let out: string;
    try {
      out = execFileSync('ogrinfo', ['-ro', '-al', '-so', file], { encoding: 'utf8' });
    } catch (err) {
      throw new Error(`ogrinfo failed (is gdal-bin installed?): ${(err as Error).message}`, { cause: err });
    }
    const count = Number(/Feature Count: (\d+)/.exec(out)?.[1]);
    expect(count).toBe(decodeTile(bytes).buildings.features.length);
    expect(out).toMatch(/Layer name: buildings/);
    expect(out).toMatch(/\bid: (Integer|Integer64|Real)/);
    expect(out).toMatch(/\bheight: Real/);
    expect(out).toMatch(/EPSG[^\n]*3857|Pseudo-Mercator/);
  });
});
