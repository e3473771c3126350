import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: Jinhua city and its nine counties (GB/T 2260). Kept apart from schema changes. */
export class SeedRegions1764100000001 implements MigrationInterface {
  name = 'SeedRegions1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO regions (code, name, level, parent_code) VALUES ('330700', '金华市', 'city', NULL)
      ON CONFLICT (code) DO NOTHING;
      INSERT INTO regions (code, name, level, parent_code) VALUES
        ('330702', '婺城区', 'county', '330700'),
        ('330703', '金东区', 'county', '330700'),
        ('330723', '武义县', 'county', '330700'),
        ('330726', '浦江县', 'county', '330700'),
        ('330727', '磐安县', 'county', '330700'),
        ('330781', '兰溪市', 'county', '330700'),
        ('330782', '义乌市', 'county', '330700'),
        ('330783', '东阳市', 'county', '330700'),
        ('330784', '永康市', 'county', '330700')
      ON CONFLICT (code) DO NOTHING;
    `);
  }

  async down(): Promise<void> {
    // Reference data stays: vouchers and parties refer to it.
  }
}
