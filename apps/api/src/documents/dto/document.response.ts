import { ApiProperty } from '@nestjs/swagger';
import { toShanghaiIso } from '@ivl/core';
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType, type DocumentView } from '@ivl/documents';
import { toDto } from '../../common/to-dto.js';

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the file name as uploaded (without folders)' }) name: string;
  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES, description: 'judged by the content, not the name' }) contentType: DocumentContentType;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty() uploadedAt: string;

  static from(d: DocumentView): DocumentResponse {
    return toDto(DocumentResponse, {
      id: d.id,
      name: d.name,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
      uploadedAt: toShanghaiIso(d.uploadedAt),
    });
  }

  static list(documents: readonly DocumentView[]): DocumentResponse[] {
    return documents.map((d) => DocumentResponse.from(d));
  }
}
