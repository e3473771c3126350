import { ApiProperty } from '@nestjs/swagger';
import { type Actor, CATEGORIES, type Category, mayAccess, maskAccountNo, toShanghaiIso } from '@ivl/core';
import {
  REGISTRATION_KINDS,
  REGISTRATION_STATUSES,
  type Registration,
  type RegistrationKind,
  type RegistrationStatus,
  type RegistrationWithDocuments,
} from '@ivl/registration';
import { DocumentResponse } from '../../documents/dto/document.response.js';
import { toDto } from '../../common/to-dto.js';
import { AccreditationDto, BankAccountDto } from '../../providers/dto/create-provider.request.js';

export class SignUpResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGISTRATION_KINDS }) kind: RegistrationKind;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;

  static from(r: Registration): SignUpResponse {
    return toDto(SignUpResponse, { id: r.id, kind: r.kind, status: r.status });
  }
}

export class ProviderRegistrationResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) complexId: string | null;
  @ApiProperty({ enum: CATEGORIES, isArray: true }) categories: Category[];
  @ApiProperty({ type: [AccreditationDto] }) accreditations: AccreditationDto[];
  @ApiProperty({ type: BankAccountDto, description: 'accountNo in full for auditors; masked (6217 **** **** 1234) for everyone else' })
  bankAccount: BankAccountDto;
}

export class RegistrationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGISTRATION_KINDS }) kind: RegistrationKind;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ description: 'the account that signed up' }) username: string;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: '法定代表人' }) legalRepresentative: string;
  @ApiProperty({ description: '联系人' }) contactName: string;
  @ApiProperty() contactPhone: string;
  @ApiProperty() address: string;
  @ApiProperty({ type: ProviderRegistrationResponse, nullable: true }) provider: ProviderRegistrationResponse | null;
  @ApiProperty({ description: 'times submitted: 1, plus one per resubmission' }) submissions: number;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the approver's comment" }) comment: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why it was rejected (until it is resubmitted)' }) rejectionReason:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the enterprise its approval created' })
  enterpriseId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the provider its approval created' })
  providerId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [DocumentResponse], description: 'its documents (business licence, certificates), oldest first' })
  documents: DocumentResponse[];

  static from(r: RegistrationWithDocuments, reader: Actor): RegistrationResponse {
    const fullAccount = mayAccess(reader, 'bank-account.read-full');
    const provider = r.provider && {
      complexId: r.provider.complexId,
      categories: r.provider.categories,
      accreditations: r.provider.accreditations.map((a) => toDto(AccreditationDto, a)),
      bankAccount: toDto(BankAccountDto, {
        ...r.provider.bankAccount,
        accountNo: fullAccount ? r.provider.bankAccount.accountNo : maskAccountNo(r.provider.bankAccount.accountNo),
      }),
    };
    return toDto(RegistrationResponse, {
      id: r.id,
      kind: r.kind,
      status: r.status,
      username: r.username,
      uscc: r.uscc,
      name: r.name,
      regionCode: r.regionCode,
      legalRepresentative: r.legalRepresentative,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      address: r.address,
      provider: provider && toDto(ProviderRegistrationResponse, provider),
      submissions: r.submissions,
      submittedAt: toShanghaiIso(r.submittedAt),
      decidedAt: r.decidedAt && toShanghaiIso(r.decidedAt),
      comment: r.decisionComment,
      rejectionReason: r.rejectionReason,
      enterpriseId: r.enterpriseId,
      providerId: r.providerId,
      createdAt: toShanghaiIso(r.createdAt),
      documents: DocumentResponse.list(r.documents),
    });
  }
}

export class RegistrationPage {
  @ApiProperty({ type: [RegistrationResponse] }) items: RegistrationResponse[];
  @ApiProperty({ description: 'how many match, before limit/offset' }) total: number;
}
