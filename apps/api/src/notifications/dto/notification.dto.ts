import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toShanghaiIso } from '@ivl/core';
import { type Notification, NOTIFICATION_KINDS, type NotificationKind } from '@ivl/notifications';
import { PageQuery } from '../../common/page.query.js';
import { toDto } from '../../common/to-dto.js';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only the unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ example: '您的创新券申请已通过' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String, description: 'the portal route of what it is about, e.g. #/redemptions/<id>' })
  link: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt: string | null;

  static from(n: Notification): NotificationResponse {
    return toDto(NotificationResponse, {
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: toShanghaiIso(n.createdAt),
      readAt: n.readAt ? toShanghaiIso(n.readAt) : null,
    });
  }
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ description: 'how many match, before limit/offset' }) total: number;
}

export class UnreadCountResponse {
  @ApiProperty() count: number;
}

export class ReadAllResponse {
  @ApiProperty({ description: 'how many were unread' }) marked: number;
}
