import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccreditationType, Category, ProviderStatus } from '@ivl/core';

export interface Accreditation {
  type: AccreditationType;
  number: string;
  /** `YYYY-MM-DD`, the last day it is valid (Asia/Shanghai). */
  validUntil: string;
}

/** A service provider (服务机构). */
@Entity({ name: 'providers' })
export class Provider {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'region_code', type: 'varchar' })
  regionCode: string;

  @Column({ name: 'complex_id', type: 'uuid', nullable: true })
  complexId: string | null;

  @Column({ type: 'text', array: true })
  categories: Category[];

  @Column({ type: 'jsonb' })
  accreditations: Accreditation[];

  @Column({ name: 'controller_key', type: 'varchar', nullable: true })
  controllerKey: string | null;

  @Column({ name: 'bank_name', type: 'varchar' })
  bankName: string;

  @Column({ name: 'account_name', type: 'varchar' })
  accountName: string;

  @Column({ name: 'account_no', type: 'varchar' })
  accountNo: string;

  @Column({ type: 'text' })
  status: ProviderStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
