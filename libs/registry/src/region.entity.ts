import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from '@ivl/core';

@Entity({ name: 'regions' })
export class Region {
  @PrimaryColumn({ type: 'varchar' })
  code: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text' })
  level: RegionLevel;

  @Column({ name: 'parent_code', type: 'varchar', nullable: true })
  parentCode: string | null;
}
