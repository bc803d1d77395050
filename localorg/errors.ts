/** Salesforce API errors: a status code, an error code and a message, serialised as a JSON array. */

export interface ApiErrorBody {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A request-level failure; the HTTP layer turns it into `[{message, errorCode, fields?}]`. */
export class ApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toBody(): ApiErrorBody[] {
    const body: ApiErrorBody = { message: this.message, errorCode: this.errorCode };
    if (this.fields) body.fields = this.fields;
    return [body];
  }
}

/** A per-record failure inside a DML call (Collections use `statusCode`, not `errorCode`). */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** Thrown by the DML layer for one record; collected into per-record results. */
export class RecordFailure extends Error {
  readonly error: RecordError;

  constructor(statusCode: string, message: string, fields: string[] = []) {
    super(message);
    this.name = 'RecordFailure';
    this.error = { statusCode, message, fields };
  }
}

export const invalidSession = (): ApiError =>
  new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const notFound = (): ApiError =>
  new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
