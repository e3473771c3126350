import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A small or medium enterprise (SME) that applies for and uses vouchers. */
@Entity({ name: 'enterprises' })
export class Enterprise {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'region_code', type: 'varchar' })
  regionCode: string;

  @Column({ name: 'controller_key', type: 'varchar', nullable: true })
  controllerKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
