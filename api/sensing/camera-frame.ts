/**
 * The demo live view of a camera: a generated frame (a street in perspective, passing cars, the on-screen
 * display of a real NVR: camera name, code and the time in China time), different every few seconds.
 */
export interface FrameCamera {
  id: number;
  code: string;
  name: string;
  kind: string;
  direction: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small deterministic generator, so one camera and second always draw the same frame. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function cameraFrameSvg(camera: FrameCamera, at: Date): string {
  const W = 640;
  const H = 360;
  const second = Math.floor(at.getTime() / 1000);
  const rnd = prng(camera.id * 7919 + Math.floor(second / 3));
  const hour = (at.getUTCHours() + 8) % 24;
  const night = hour < 6 || hour >= 19;
  const sky = night ? ['#0b1224', '#1e293b'] : ['#60a5fa', '#cbd5e1'];
  const cars: string[] = [];
  const colors = ['#ef4444', '#f8fafc', '#1f2937', '#3b82f6', '#a3a3a3', '#eab308'];
  for (let i = 0; i < 2 + Math.floor(rnd() * 5); i++) {
    const lane = rnd();
    const y = 230 + lane * 110;
    const scale = 0.5 + lane * 0.9;
    const x = rnd() * W;
    const w = 70 * scale;
    const h = 30 * scale;
    cars.push(`<g><rect x="${x.toFixed(0)}" y="${(y - h).toFixed(0)}" width="${w.toFixed(0)}" height="${h.toFixed(0)}" rx="${(6 * scale).toFixed(1)}" fill="${colors[Math.floor(rnd() * colors.length)]}"/>` +
      `<rect x="${(x + w * 0.2).toFixed(0)}" y="${(y - h - 10 * scale).toFixed(0)}" width="${(w * 0.55).toFixed(0)}" height="${(12 * scale).toFixed(0)}" rx="3" fill="#334155"/>` +
      (night ? `<circle cx="${(x + w).toFixed(0)}" cy="${(y - h / 2).toFixed(0)}" r="${(4 * scale).toFixed(1)}" fill="#fde68a"/>` : '') + '</g>');
  }
  const buildings: string[] = [];
  for (let i = 0; i < 9; i++) {
    const bw = 50 + rnd() * 40;
    const bh = 60 + rnd() * 90;
    const bx = i * 72 - 10;
    buildings.push(`<rect x="${bx.toFixed(0)}" y="${(190 - bh).toFixed(0)}" width="${bw.toFixed(0)}" height="${bh.toFixed(0)}" fill="${night ? '#1f2937' : '#94a3b8'}"/>`);
    for (let wy = 190 - bh + 8; wy < 180; wy += 14) {
      for (let wx = bx + 6; wx < bx + bw - 8; wx += 12) {
        if (rnd() < (night ? 0.35 : 0.6)) buildings.push(`<rect x="${wx.toFixed(0)}" y="${wy.toFixed(0)}" width="6" height="8" fill="${night ? '#fcd34d' : '#e2e8f0'}" opacity="0.8"/>`);
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(camera.name)} ${chinaTime(at)}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient></defs>
<rect width="${W}" height="190" fill="url(#sky)"/>
${buildings.join('')}
<polygon points="0,${H} ${W},${H} ${W},190 0,190" fill="${night ? '#111827' : '#475569'}"/>
<polygon points="250,190 390,190 ${W},${H} 0,${H}" fill="${night ? '#0f172a' : '#334155'}"/>
<line x1="320" y1="190" x2="320" y2="${H}" stroke="#f8fafc" stroke-width="3" stroke-dasharray="18 14" opacity="0.7"/>
${cars.join('')}
<rect x="0" y="0" width="${W}" height="28" fill="#000" opacity="0.45"/>
<text x="10" y="19" font-family="monospace" font-size="15" fill="#f8fafc">${esc(camera.name)}  ${esc(camera.code)}</text>
<text x="${W - 10}" y="19" font-family="monospace" font-size="15" fill="#f8fafc" text-anchor="end" data-time="${at.toISOString()}">${chinaTime(at)}</text>
<circle cx="18" cy="${H - 18}" r="6" fill="#ef4444"/><text x="30" y="${H - 13}" font-family="monospace" font-size="13" fill="#f8fafc">LIVE · 演示画面</text>
</svg>`;
}
