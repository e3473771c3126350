import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ComplexLevel, Sector } from '@ivl/core';

/** An industrial innovation service complex (产业创新服务综合体). */
@Entity({ name: 'complexes' })
export class Complex {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text' })
  sector: Sector;

  @Column({ type: 'text' })
  level: ComplexLevel;

  @Column({ name: 'region_code', type: 'varchar' })
  regionCode: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
