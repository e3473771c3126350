import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The ratings table: one rating per confirmed redemption (its primary key), read by the directory for a provider's mean. */
@Injectable()
export class RatingRepository {
  /**
   * Adds the rating of a redemption; false when it has one already. A rating racing another waits
   * for it on the primary key and then finds it there: exactly one is kept.
   */
  async insertOnce(
    manager: EntityManager,
    rating: {
      redemptionId: string;
      providerId: string;
      enterpriseId: string;
      stars: number;
      comment: string | null;
      ratedBy: string;
      at: Date;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ratings (redemption_id, provider_id, enterprise_id, stars, comment, rated_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (redemption_id) DO NOTHING RETURNING redemption_id`,
      [rating.redemptionId, rating.providerId, rating.enterpriseId, rating.stars, rating.comment, rating.ratedBy, rating.at],
    );
    return rows.length === 1;
  }
}
