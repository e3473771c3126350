import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { User } from './user.entity.js';

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ username });
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id });
  }

  list(limit: number, offset: number): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ order: { createdAt: 'ASC' }, take: limit, skip: offset });
  }

  insert(manager: EntityManager, user: Omit<User, 'id' | 'createdAt'>): Promise<User> {
    return manager.getRepository(User).save(manager.getRepository(User).create(user));
  }

  /** Creates the user only while the table is empty; true if it did. */
  async insertIfNoUsers(manager: EntityManager, user: Omit<User, 'id' | 'createdAt'>): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO users (username, password_hash, role)
       SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM users)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.role],
    );
    return rows.length > 0;
  }
}
