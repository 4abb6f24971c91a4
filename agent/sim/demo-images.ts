import { type Point, Raster, rgb } from './raster.js';

/**
 * The simulator's demo pictures for the "Wisata" page, drawn in code: flat illustrations of
 * our own (no photographs whose licence we would have to track). Deterministic: the same
 * bytes on every run with the same zlib, so a re-seeded simulator names the same files.
 * About 50 ms for all three, on the simulator's first start only.
 */

export interface DemoImage {
  /** Content id in the desired `content` list (referenced from deploy/sim/demo-desired.yaml). */
  id: string;
  title: { id: string; en: string };
  png: Buffer;
}

export const DEMO_IMAGE_WIDTH = 640;
export const DEMO_IMAGE_HEIGHT = 400;

const W = DEMO_IMAGE_WIDTH;
const H = DEMO_IMAGE_HEIGHT;

/** A round tree: trunk and three overlapping crowns. */
function tree(r: Raster, x: number, ground: number, size: number, leaf: string, trunk = '#6b4a2f'): void {
  r.rect(x - size * 0.12, ground - size * 1.1, x + size * 0.12, ground, rgb(trunk));
  r.circle(x - size * 0.35, ground - size * 1.15, size * 0.45, rgb(leaf));
  r.circle(x + size * 0.35, ground - size * 1.2, size * 0.42, rgb(leaf));
  r.circle(x, ground - size * 1.5, size * 0.55, rgb(leaf));
}

/** Candi Penataran: the stepped stone temple in front of Mount Kelud, late-afternoon sky. */
function penataran(): Buffer {
  const r = new Raster(W, H);
  r.gradient(0, 300, rgb('#7fb4de'), rgb('#f7dcae'));
  r.circle(500, 92, 52, rgb('#fbe7b5')).circle(500, 92, 36, rgb('#fff3c4'));
  // Kelud: a broad volcano with a broken, flat crater rim.
  const kelud: Point[] = [
    [0, 300],
    [0, 282],
    [110, 246],
    [215, 172],
    [262, 140],
    [292, 150],
    [322, 136],
    [372, 160],
    [470, 228],
    [640, 280],
    [640, 300],
  ];
  r.polygon(kelud, rgb('#7388a8'));
  r.below((x) => 268 + 10 * Math.sin(x / 47) + 6 * Math.sin(x / 13 + 1), rgb('#5f8270'), 300);
  r.rect(0, 298, W, H, rgb('#7aa25a'));
  r.polygon(
    [
      [296, 400],
      [344, 400],
      [332, 332],
      [308, 332],
    ],
    rgb('#cdb68c'),
  );
  // The temple: three terraces, the body with its door, then the roof in shrinking tiers.
  const stone = rgb('#8a503e');
  const light = rgb('#a9694f');
  const dark = rgb('#3e2621');
  const tier = (x0: number, x1: number, y0: number, y1: number) => {
    r.rect(x0, y0, x1, y1, stone);
    r.rect(x0, y0, x1, y0 + 3, light);
  };
  tier(196, 444, 312, 334);
  tier(222, 418, 292, 312);
  tier(248, 392, 274, 292);
  r.rect(274, 220, 366, 274, stone);
  r.rect(274, 220, 282, 274, light);
  r.rect(307, 236, 333, 274, dark);
  for (let i = 0; i < 7; i++) tier(262 + i * 8, 378 - i * 8, 208 - i * 12, 220 - i * 12);
  r.rect(313, 122, 327, 136, stone).circle(320, 118, 8, light);
  r.rect(304, 274, 336, 334, light);
  for (let y = 280; y < 334; y += 7) r.rect(304, y, 336, y + 2, stone);
  tree(r, 92, 318, 58, '#3f6b3a');
  tree(r, 560, 322, 64, '#456f3c');
  tree(r, 160, 330, 30, '#4f7d43');
  return r.png();
}

/** Makam Bung Karno: a joglo roof over an open pendopo on a lawn, under a clear sky. */
function makamBungKarno(): Buffer {
  const r = new Raster(W, H);
  r.gradient(0, 260, rgb('#9cccec'), rgb('#e6f3f7'));
  r.below((x) => 228 + 9 * Math.sin(x / 23) + 7 * Math.sin(x / 9 + 2), rgb('#5f8f5a'), 290);
  for (let y = 288, i = 0; y < H; y += 14 + i * 3, i++)
    r.rect(0, y, W, y + 14 + i * 3, rgb(i % 2 ? '#75b556' : '#6ca94f'));
  r.polygon(
    [
      [250, 400],
      [390, 400],
      [346, 302],
      [294, 302],
    ],
    rgb('#e7ddc6'),
  );
  // Platform and steps.
  r.rect(160, 293, 480, 306, rgb('#cfc8ba'));
  r.rect(172, 282, 468, 294, rgb('#e2dccf'));
  // The open hall: dark inside, pale columns.
  r.rect(182, 214, 458, 282, rgb('#4a3a30'));
  for (const x of [190, 238, 286, 344, 392, 440]) r.rect(x, 214, x + 10, 282, rgb('#e4d5b4'));
  // Joglo roof: the broad lower roof, the steep upper roof (brunjung), the ridge and its crown.
  r.polygon(
    [
      [124, 226],
      [516, 226],
      [442, 172],
      [198, 172],
    ],
    rgb('#6e3b2a'),
  );
  r.rect(124, 224, 516, 231, rgb('#4e2a1e'));
  r.polygon(
    [
      [198, 174],
      [442, 174],
      [362, 90],
      [278, 90],
    ],
    rgb('#804632'),
  );
  r.rect(198, 171, 442, 176, rgb('#4e2a1e'));
  r.rect(268, 84, 372, 92, rgb('#4e2a1e'));
  r.circle(320, 78, 7, rgb('#d6aa3e'));
  tree(r, 70, 300, 70, '#3d6b35');
  tree(r, 580, 302, 66, '#42733a');
  r.circle(510, 292, 16, rgb('#3f7a3c')).circle(128, 292, 14, rgb('#3f7a3c'));
  return r.png();
}

/** Kebun Kopi Karanganyar: layered green hills with rows of coffee bushes and ripe red cherries. */
function kebunKopi(): Buffer {
  const r = new Raster(W, H);
  r.gradient(0, 220, rgb('#a6d6ef'), rgb('#fcefc6'));
  r.circle(118, 78, 46, rgb('#fdf0c0')).circle(118, 78, 32, rgb('#fff6d2'));
  const far = (x: number) => 172 + 18 * Math.sin(x / 70 + 0.5) + 8 * Math.sin(x / 21);
  const hill1 = (x: number) => 214 + 22 * Math.sin(x / 90 + 2);
  const hill2 = (x: number) => 262 + 26 * Math.sin(x / 110 + 4);
  const hill3 = (x: number) => 322 + 18 * Math.sin(x / 80 + 1);
  r.below(far, rgb('#8ea7b9'));
  r.below(hill1, rgb('#86b56c'));
  // The planter's house on the first hill.
  const hx = 470;
  const hy = hill1(hx);
  r.rect(hx - 32, hy - 26, hx + 32, hy + 4, rgb('#f3eee2'));
  r.polygon(
    [
      [hx - 40, hy - 24],
      [hx + 40, hy - 24],
      [hx + 24, hy - 44],
      [hx - 24, hy - 44],
    ],
    rgb('#b5523b'),
  );
  r.rect(hx - 6, hy - 14, hx + 6, hy + 4, rgb('#6b4a2f'));
  r.below(hill2, rgb('#5f9b4f'));
  r.below(hill3, rgb('#3f7a3c'));
  // Rows of bushes follow each hill's curve; every third bush carries cherries.
  const rows: [(x: number) => number, number, string][] = [
    [hill2, 3, '#3c7336'],
    [hill3, 4, '#2c5a2b'],
  ];
  for (const [curve, count, leaf] of rows) {
    for (let row = 0; row < count; row++) {
      const size = 7 + row * 2;
      const step = 26 + row * 6;
      for (let x = (row * 13) % step, n = 0; x < W + step; x += step, n++) {
        const y = curve(x) + 16 + row * (14 + row * 4);
        r.circle(x, y, size, rgb(leaf));
        if (n % 3 === row % 3) r.circle(x + size * 0.3, y + size * 0.2, 2 + row * 0.5, rgb('#c0392b'));
      }
    }
  }
  return r.png();
}

/** The three pictures of the demo "Wisata" page. */
export function demoImages(): DemoImage[] {
  return [
    { id: 'foto-penataran', title: { id: 'Candi Penataran', en: 'Penataran Temple' }, png: penataran() },
    {
      id: 'foto-makam-bung-karno',
      title: { id: 'Makam Bung Karno', en: "Bung Karno's Tomb" },
      png: makamBungKarno(),
    },
    {
      id: 'foto-kebun-kopi',
      title: { id: 'Kebun Kopi Karanganyar', en: 'Karanganyar Coffee Plantation' },
      png: kebunKopi(),
    },
  ];
}
