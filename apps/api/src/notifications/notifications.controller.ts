import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { NotificationsService } from '@ivl/notifications';
import { OpenToApplicants } from '../common/auth.guard.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { NotificationPage, NotificationQuery, NotificationResponse, ReadAllResponse, UnreadCountResponse } from './dto/notification.dto.js';

/** Each user's own inbox (站内消息), every role's, applicants' too: nobody reads or marks another user's. */
@ApiTags('notifications')
@ApiBearerAuth()
@OpenToApplicants()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first; `unread=true` for the unread ones only. */
  @Get()
  @ApiOkResponse({ type: NotificationPage })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQuery): Promise<NotificationPage> {
    const { items, total } = await this.notifications.list(actor, {
      unread: query.unread ?? false,
      limit: query.limit,
      offset: query.offset,
    });
    return toDto(NotificationPage, { items: items.map((n) => NotificationResponse.from(n)), total });
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountResponse })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountResponse> {
    return toDto(UnreadCountResponse, { count: await this.notifications.unreadCount(actor) });
  }

  /** Marks all unread read. */
  @Post('read-all')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: ReadAllResponse })
  async readAll(@Tx() manager: EntityManager, @CurrentActor() actor: Actor): Promise<ReadAllResponse> {
    return toDto(ReadAllResponse, { marked: await this.notifications.markAllRead(manager, actor) });
  }

  /** Marks one read (again: no change); another user's is 404. */
  @Post(':id/read')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: NotificationResponse })
  async read(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<NotificationResponse> {
    return NotificationResponse.from(await this.notifications.markRead(manager, actor, id));
  }
}
