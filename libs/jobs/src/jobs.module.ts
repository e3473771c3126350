import { Module } from '@nestjs/common';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';

/** The outbox: libs write jobs with OutboxService; the dispatcher (in the API and the worker processes) delivers them. */
@Module({ providers: [OutboxService, OutboxDispatcher, OutboxRepository], exports: [OutboxService, OutboxDispatcher] })
export class JobsModule {}
