/**
 * The second stage's registration and document routes as API.md fixes them, typed by hand until the
 * backend that serves them is merged and `npm run api:types` writes them into schema.d.ts; then this
 * file goes. Nothing here is a rule: the shapes only.
 */
import type { components } from './schema';

type Category = components['schemas']['CreateProviderRequest']['categories'][number];
interface Json<T> {
  headers: Record<string, unknown>;
  content: { 'application/json': T };
}
interface NoParams {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}
interface IdParam {
  query?: never;
  header?: never;
  path: { id: string };
  cookie?: never;
}
interface Op<P, B, R extends Record<number, unknown>> {
  parameters: P;
  requestBody: { content: { 'application/json': B } };
  responses: R;
}
interface Path {
  parameters: NoParams;
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

/** A stored file, as POST /documents and every `documents` list answer it. */
export interface DocumentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export type RegistrationKind = 'enterprise' | 'provider';
export type RegistrationStatus = 'submitted' | 'approved' | 'rejected';

export interface RegistrationProviderPart {
  complexId?: string | null;
  categories: Category[];
  accreditations: Array<{ type: 'CMA' | 'CNAS'; number: string; validUntil: string }>;
  bankAccount: { bankName: string; accountName: string; accountNo: string };
}

/** The fields an applicant fills in (and corrects before a resubmission). */
export interface RegistrationFields {
  uscc: string;
  name: string;
  regionCode: string;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
  address: string;
  provider?: RegistrationProviderPart;
}

export interface RegistrationRequest extends RegistrationFields {
  kind: RegistrationKind;
  username: string;
  password: string;
}

export interface Registration extends RegistrationFields {
  id: string;
  kind: RegistrationKind;
  status: RegistrationStatus;
  username?: string;
  rejectReason?: string | null;
  comment?: string | null;
  createdAt?: string;
  decidedAt?: string | null;
  documents?: DocumentView[];
}

interface MultipartOp {
  parameters: NoParams;
  requestBody: { content: { 'multipart/form-data': FormData } };
  responses: { 201: Json<DocumentView> };
}

export interface SecondStagePaths {
  '/documents': Omit<Path, 'post'> & { post: MultipartOp };
  '/documents/{id}': Omit<Path, 'get' | 'parameters'> & {
    parameters: IdParam;
    get: { parameters: IdParam; requestBody?: never; responses: { 200: Json<DocumentView> } };
  };
  '/documents/{id}/content': Omit<Path, 'get' | 'parameters'> & {
    parameters: IdParam;
    get: { parameters: IdParam; requestBody?: never; responses: { 200: { headers: Record<string, unknown>; content: { '*/*': Blob } } } };
  };
  '/registrations': Omit<Path, 'get' | 'post'> & {
    get: {
      parameters: {
        query?: { status?: RegistrationStatus; kind?: RegistrationKind; q?: string; limit?: number; offset?: number };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Json<{ items: Registration[]; total: number }> };
    };
    post: Op<NoParams, RegistrationRequest, { 201: Json<Registration> }>;
  };
  '/registrations/{id}': Omit<Path, 'get' | 'parameters'> & {
    parameters: IdParam;
    get: { parameters: IdParam; requestBody?: never; responses: { 200: Json<Registration> } };
  };
  '/registrations/{id}/documents': Omit<Path, 'post' | 'parameters'> & {
    parameters: IdParam;
    post: Op<IdParam, { documentIds: string[] }, { 200: Json<Registration>; 201: Json<Registration> }>;
  };
  '/registrations/{id}/resubmit': Omit<Path, 'post' | 'parameters'> & {
    parameters: IdParam;
    post: Op<IdParam, RegistrationFields, { 200: Json<Registration> }>;
  };
  '/registrations/{id}/approve': Omit<Path, 'post' | 'parameters'> & {
    parameters: IdParam;
    post: Op<IdParam, { comment?: string }, { 200: Json<Registration> }>;
  };
  '/registrations/{id}/reject': Omit<Path, 'post' | 'parameters'> & {
    parameters: IdParam;
    post: Op<IdParam, { reason: string }, { 200: Json<Registration> }>;
  };
}

/** The documents listed on an object the API answers (`documents`), whether or not its type says so yet. */
export function documentsOf(subject: object | null | undefined): DocumentView[] {
  const docs = (subject as { documents?: unknown } | null | undefined)?.documents;
  return Array.isArray(docs) ? (docs as DocumentView[]) : [];
}
