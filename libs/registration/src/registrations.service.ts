import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@ivl/audit';
import { AppConfig } from '@ivl/config';
import { type Actor, Clock, DomainError, mayAccess, requireAccess, requireRole, scopeOf, type Target } from '@ivl/core';
import { isUniqueViolation } from '@ivl/database';
import { type DocumentSubject, DocumentsService } from '@ivl/documents';
import { IdentityService } from '@ivl/identity';
import { NotificationsService } from '@ivl/notifications';
import { ComplexesService, EnterprisesService, ProvidersService, RegionsService } from '@ivl/registry';
import { RegistrationRepository } from './registration.repository.js';
import type {
  ProviderDetails,
  Registration,
  RegistrationDetails,
  RegistrationFilter,
  RegistrationKind,
  RegistrationWithDocuments,
} from './registration.types.js';

export interface SignUp extends Omit<RegistrationDetails, 'provider'> {
  kind: RegistrationKind;
  username: string;
  password: string;
  provider?: Omit<ProviderDetails, 'complexId'> & { complexId?: string };
}

/** What a resubmission corrects; what it leaves out stays as it was. */
export type Corrections = Partial<Omit<SignUp, 'kind' | 'username' | 'password'>>;

const DAY_MS = 86_400_000;

/**
 * Registration (入驻): enterprises and providers sign themselves up, their applicant completes the
 * registration, a reviewer approves (the enterprise or provider and its user exist from then on)
 * or rejects with a reason, after which the applicant may correct and resubmit. Every step is in
 * the audit log (entity `registration`), readable by the registration's reviewers.
 */
@Injectable()
export class RegistrationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RegistrationRepository,
    private readonly identity: IdentityService,
    private readonly enterprises: EnterprisesService,
    private readonly providers: ProvidersService,
    private readonly regions: RegionsService,
    private readonly complexes: ComplexesService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  /** A registration's documents are read by whoever may read the registration (its applicant, its reviewers, auditors). */
  onModuleInit(): void {
    this.documents.registerReader('registration', (actor, id) => this.mayRead(this.dataSource.manager, actor, id));
  }

  /** A sign-up (no token): the applicant user and its registration, in the caller's transaction. */
  async signUp(manager: EntityManager, input: SignUp): Promise<Registration> {
    const details = await this.checkDetails(manager, input.kind, detailsOf(input));
    await this.refuseDuplicate(manager, input.kind, details.uscc, null);
    const applicant = await this.identity.createApplicant(manager, { username: input.username, password: input.password });
    const id = await this.insertOrDuplicate(manager, input.kind, details.uscc, () =>
      this.repository.insert(manager, { ...details, kind: input.kind, applicantUserId: applicant.userId, submittedAt: this.clock.now() }),
    );
    await this.audit.record(manager, applicant, {
      entityType: 'registration',
      entityId: id,
      action: 'submit',
      toState: 'submitted',
      scope: scopeOfEntry(input.kind, details.regionCode),
      data: { kind: input.kind, uscc: details.uscc, name: details.name, username: input.username },
    });
    return this.load(manager, id);
  }

  async list(actor: Actor, filter: RegistrationFilter): Promise<{ items: RegistrationWithDocuments[]; total: number }> {
    const manager = this.dataSource.manager;
    const { items, total } = await this.repository.listInScope(manager, scopeOf(actor, 'registration.read'), filter);
    return { items: await Promise.all(items.map((r) => this.withDocuments(manager, r))), total };
  }

  /** One registration the actor may read; 404 outside its reach. */
  async get(actor: Actor, id: string): Promise<RegistrationWithDocuments> {
    const manager = this.dataSource.manager;
    requireRole(actor, 'registration.read');
    const registration = await this.repository.findById(manager, id);
    if (!registration) throw DomainError.notFound('registration');
    requireAccess(actor, 'registration.read', targetOf(registration), 'registration');
    return this.withDocuments(manager, registration);
  }

  /** Whether `actor` may read the registration (for the readers of its documents). */
  async mayRead(manager: EntityManager, actor: Actor, id: string): Promise<boolean> {
    const registration = await this.repository.findById(manager, id);
    return registration !== null && mayAccess(actor, 'registration.read', targetOf(registration));
  }

  /**
   * Its applicant attaches documents it uploaded (the business licence, certificates) while the
   * registration is submitted or rejected; attaching one twice changes nothing.
   */
  async attachDocuments(
    manager: EntityManager,
    actor: Actor,
    id: string,
    documentIds: readonly string[],
  ): Promise<RegistrationWithDocuments> {
    const registration = await this.lockForApplicant(manager, actor, id);
    await this.documents.attach(manager, actor, documentIds, subjectOf(id));
    await this.audit.record(manager, actor, {
      entityType: 'registration',
      entityId: id,
      action: 'attach-documents',
      scope: scopeOfEntry(registration.kind, registration.regionCode),
      data: { documentIds },
    });
    return this.load(manager, id);
  }

  /**
   * The registration its applicant may still complete (submitted or rejected), locked: 404 for
   * someone else's, 409 once approved.
   */
  private async lockForApplicant(manager: EntityManager, actor: Actor, id: string): Promise<Registration> {
    requireRole(actor, 'registration.complete');
    const registration = await this.repository.lockById(manager, id);
    if (!registration) throw DomainError.notFound('registration');
    requireAccess(actor, 'registration.complete', targetOf(registration), 'registration');
    if (registration.status === 'approved') throw DomainError.invalidState('the registration is approved already');
    return registration;
  }

  /** After a rejection: the corrected registration is under review again. */
  async resubmit(manager: EntityManager, actor: Actor, id: string, corrections: Corrections): Promise<RegistrationWithDocuments> {
    const registration = await this.lockForApplicant(manager, actor, id);
    if (registration.status !== 'rejected') throw DomainError.invalidState('only a rejected registration is resubmitted');
    const merged: RegistrationDetails = {
      uscc: corrections.uscc ?? registration.uscc,
      name: corrections.name ?? registration.name,
      regionCode: corrections.regionCode ?? registration.regionCode,
      legalRepresentative: corrections.legalRepresentative ?? registration.legalRepresentative,
      contactName: corrections.contactName ?? registration.contactName,
      contactPhone: corrections.contactPhone ?? registration.contactPhone,
      address: corrections.address ?? registration.address,
      provider:
        corrections.provider === undefined
          ? registration.provider
          : { ...corrections.provider, complexId: corrections.provider.complexId ?? null },
    };
    const details = await this.checkDetails(manager, registration.kind, merged);
    await this.refuseDuplicate(manager, registration.kind, details.uscc, registration.id);
    await this.insertOrDuplicate(manager, registration.kind, details.uscc, async () => {
      await this.repository.resubmit(manager, id, details, this.clock.now());
      return id;
    });
    await this.audit.record(manager, actor, {
      entityType: 'registration',
      entityId: id,
      action: 'resubmit',
      fromState: 'rejected',
      toState: 'submitted',
      scope: scopeOfEntry(registration.kind, details.regionCode),
      data: { submission: registration.submissions + 1, changed: changedFields(registration, details) },
    });
    return this.load(manager, id);
  }

  /**
   * Approves a registration under review that carries at least one document (the business
   * licence): creates the enterprise (or the provider, on public notice) and turns the applicant
   * into its user.
   */
  async approve(manager: EntityManager, actor: Actor, id: string, comment?: string): Promise<RegistrationWithDocuments> {
    const registration = await this.lockForReview(manager, actor, id);
    if ((await this.documents.listFor(manager, subjectOf(id))).length === 0) {
      throw DomainError.invalidState(
        'the registration carries no document: the applicant must attach its business licence (营业执照) first',
      );
    }
    const now = this.clock.now();
    let party: { enterpriseId: string | null; providerId: string | null };
    if (registration.kind === 'enterprise') {
      const enterprise = await this.enterprises.create(manager, actor, {
        uscc: registration.uscc,
        name: registration.name,
        regionCode: registration.regionCode,
      });
      await this.identity.promoteApplicant(manager, registration.applicantUserId, { role: 'enterprise', enterpriseId: enterprise.id });
      party = { enterpriseId: enterprise.id, providerId: null };
    } else {
      const details = registration.provider;
      if (!details) throw new Error(`provider registration ${id} without its provider details`);
      const provider = await this.providers.create(manager, actor, {
        uscc: registration.uscc,
        name: registration.name,
        regionCode: registration.regionCode,
        ...(details.complexId === null ? {} : { complexId: details.complexId }),
        categories: details.categories,
        accreditations: details.accreditations,
        bankAccount: details.bankAccount,
        noticeEndsAt: new Date(now.getTime() + this.config.registration.providerNoticeDays * DAY_MS),
      });
      await this.identity.promoteApplicant(manager, registration.applicantUserId, { role: 'provider', providerId: provider.id });
      party = { enterpriseId: null, providerId: provider.id };
    }
    await this.repository.markApproved(manager, id, { at: now, by: actor.userId, comment: comment ?? null, ...party });
    await this.audit.record(manager, actor, {
      entityType: 'registration',
      entityId: id,
      action: 'approve',
      fromState: 'submitted',
      toState: 'approved',
      reason: comment ?? null,
      scope: { ...scopeOfEntry(registration.kind, registration.regionCode), ...party },
      data: { ...party },
    });
    await this.notifications.notify(manager, { kind: 'registration.approved', ...concerning(registration) });
    return this.load(manager, id);
  }

  async reject(manager: EntityManager, actor: Actor, id: string, reason: string): Promise<RegistrationWithDocuments> {
    const registration = await this.lockForReview(manager, actor, id);
    await this.repository.markRejected(manager, id, { at: this.clock.now(), by: actor.userId, reason });
    await this.audit.record(manager, actor, {
      entityType: 'registration',
      entityId: id,
      action: 'reject',
      fromState: 'submitted',
      toState: 'rejected',
      reason,
      scope: scopeOfEntry(registration.kind, registration.regionCode),
    });
    await this.notifications.notify(manager, { kind: 'registration.rejected', ...concerning(registration), reason });
    return this.load(manager, id);
  }

  /** A registration the actor reviews, locked and still under review: 404 outside its reach, 409 once decided. */
  private async lockForReview(manager: EntityManager, actor: Actor, id: string): Promise<Registration> {
    requireRole(actor, 'registration.review');
    const registration = await this.repository.lockById(manager, id);
    if (!registration) throw DomainError.notFound('registration');
    requireAccess(actor, 'registration.review', targetOf(registration), 'registration');
    if (registration.status !== 'submitted') {
      throw DomainError.invalidState(
        `the registration is ${registration.status} already${registration.status === 'rejected' ? ' (the applicant may resubmit it)' : ''}`,
      );
    }
    return registration;
  }

  private async load(manager: EntityManager, id: string): Promise<RegistrationWithDocuments> {
    const registration = await this.repository.findById(manager, id);
    if (!registration) throw new Error(`registration ${id} vanished in its own transaction`);
    return this.withDocuments(manager, registration);
  }

  private async withDocuments(manager: EntityManager, registration: Registration): Promise<RegistrationWithDocuments> {
    return { ...registration, documents: await this.documents.listFor(manager, subjectOf(registration.id)) };
  }

  /** The region (and complex) must exist; a provider's categories are kept once each. */
  private async checkDetails(manager: EntityManager, kind: RegistrationKind, details: RegistrationDetails): Promise<RegistrationDetails> {
    await this.regions.requireExisting(details.regionCode, 'regionCode', manager);
    if (kind === 'provider') {
      if (!details.provider) throw DomainError.validation('provider', 'is required for a provider registration');
      if (details.provider.complexId !== null) await this.complexes.requireExisting(details.provider.complexId, manager);
      return { ...details, provider: { ...details.provider, categories: [...new Set(details.provider.categories)] } };
    }
    if (details.provider) throw DomainError.validation('provider', 'is only for a provider registration');
    return details;
  }

  /** 409 when the USCC belongs to an existing party of the kind, or to another registration of the kind under review. */
  private async refuseDuplicate(manager: EntityManager, kind: RegistrationKind, uscc: string, exceptId: string | null): Promise<void> {
    const exists =
      kind === 'enterprise' ? await this.enterprises.existsWithUscc(manager, uscc) : await this.providers.existsWithUscc(manager, uscc);
    if (exists) throw DomainError.duplicate(`${kind === 'enterprise' ? 'an enterprise' : 'a provider'} with USCC ${uscc} exists already`);
    if (await this.repository.underReview(manager, kind, uscc, exceptId)) throw underReview(kind, uscc);
  }

  /** Runs the write; a registration of the kind with the USCC that got under review meanwhile (a race) is a 409. */
  private async insertOrDuplicate(
    manager: EntityManager,
    kind: RegistrationKind,
    uscc: string,
    write: () => Promise<string>,
  ): Promise<string> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, 'registrations_under_review_key')) throw underReview(kind, uscc);
      throw error;
    }
  }
}

function subjectOf(id: string): DocumentSubject {
  return { type: 'registration', id };
}

function underReview(kind: RegistrationKind, uscc: string): DomainError {
  return DomainError.duplicate(`a ${kind} registration with USCC ${uscc} is under review already`);
}

function detailsOf(input: SignUp): RegistrationDetails {
  return {
    uscc: input.uscc,
    name: input.name,
    regionCode: input.regionCode,
    legalRepresentative: input.legalRepresentative,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    address: input.address,
    provider: input.provider === undefined ? null : { ...input.provider, complexId: input.provider.complexId ?? null },
  };
}

/** Who reaches a registration: its applicant; the county officer of its region for an enterprise's; the party it created. */
function targetOf(registration: Registration): Target {
  return {
    applicantUserId: registration.applicantUserId,
    regionCode: registration.kind === 'enterprise' ? registration.regionCode : null,
    enterpriseId: registration.enterpriseId,
    providerId: registration.providerId,
  };
}

/** The audit scope of a registration's entries: a county officer reads those of its region's enterprise registrations. */
function scopeOfEntry(kind: RegistrationKind, regionCode: string): { regionCode: string | null } {
  return { regionCode: kind === 'enterprise' ? regionCode : null };
}

function changedFields(before: RegistrationDetails, after: RegistrationDetails): string[] {
  return (Object.keys(after) as Array<keyof RegistrationDetails>).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** What a registration's decision tells its applicant (who may since be its enterprise's or provider's user). */
function concerning(registration: Registration) {
  return {
    registrationId: registration.id,
    submission: registration.submissions,
    userId: registration.applicantUserId,
    registrationKind: registration.kind,
    name: registration.name,
    phone: registration.contactPhone,
  };
}
