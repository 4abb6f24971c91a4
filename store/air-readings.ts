import type { Db } from './database.js';

export const AIR_RESOLUTIONS_S = [60, 900] as const;
export type AirResolution = (typeof AIR_RESOLUTIONS_S)[number];

export interface AirBucket {
  bucket: number;
  samples: number;
  pm25Avg: number;
  pm25Max: number;
  pm10Avg: number;
  pm10Max: number;
}

/** Air-quality readings kept as 1-minute and 15-minute aggregates, with a retention period each. */
export class AirReadingsRepo {
  constructor(private readonly db: Db) {}

  /** Fold one reading into both resolutions, in one transaction. */
  add(sensor: string, at: number, pm25: number, pm10: number): void {
    const upsert = this.db.prepare(`
      INSERT INTO air_readings (resolution_s, sensor, bucket, samples, pm25_sum, pm25_max, pm10_sum, pm10_max)
      VALUES (?, ?, ?, 1, ?, ?, ?, ?)
      ON CONFLICT (resolution_s, sensor, bucket) DO UPDATE SET
        samples = samples + 1,
        pm25_sum = pm25_sum + excluded.pm25_sum, pm25_max = MAX(pm25_max, excluded.pm25_max),
        pm10_sum = pm10_sum + excluded.pm10_sum, pm10_max = MAX(pm10_max, excluded.pm10_max)`);
    this.db.transaction(() => {
      for (const res of AIR_RESOLUTIONS_S) {
        const bucket = at - (at % (res * 1000));
        upsert.run(res, sensor, bucket, pm25, pm25, pm10, pm10);
      }
    })();
  }

  series(sensor: string, resolution: AirResolution, from: number, to: number): AirBucket[] {
    const rows = this.db
      .prepare(
        `SELECT bucket, samples, pm25_sum, pm25_max, pm10_sum, pm10_max FROM air_readings
         WHERE resolution_s = ? AND sensor = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .all(resolution, sensor, from, to) as {
      bucket: number;
      samples: number;
      pm25_sum: number;
      pm25_max: number;
      pm10_sum: number;
      pm10_max: number;
    }[];
    return rows.map((r) => ({
      bucket: r.bucket,
      samples: r.samples,
      pm25Avg: r.pm25_sum / r.samples,
      pm25Max: r.pm25_max,
      pm10Avg: r.pm10_sum / r.samples,
      pm10Max: r.pm10_max,
    }));
  }

  /** Drop buckets older than each resolution's retention; returns how many rows went. */
  prune(now: number, keep: Record<AirResolution, number>): number {
    let removed = 0;
    for (const res of AIR_RESOLUTIONS_S) {
      removed += this.db
        .prepare('DELETE FROM air_readings WHERE resolution_s = ? AND bucket < ?')
        .run(res, now - keep[res]).changes;
    }
    return removed;
  }
}
