/**
 * A System exception raised by the runtime's own code (a system class method, an operator, a
 * conversion). The interpreter turns it into an instance of the named exception class when Apex
 * code catches it, so `catch (TypeException e)` and `e.getMessage()` see exactly this type and
 * message. Messages follow the platform's wording (Apex Developer Guide, "Exception Class and
 * Built-In Exceptions"; the Apex Reference Guide for each method).
 */
export class ApexSystemError extends Error {
  /** The exception class without namespace: `TypeException`, `NullPointerException`, ... */
  readonly typeName: string;

  constructor(typeName: string, message: string) {
    super(message);
    this.typeName = typeName;
  }
}

/** Shorthands for the exceptions system code raises most. */
export const raise = {
  nullPointer: (message = 'Attempt to de-reference a null object'): ApexSystemError =>
    new ApexSystemError('NullPointerException', message),
  type: (message: string): ApexSystemError => new ApexSystemError('TypeException', message),
  math: (message: string): ApexSystemError => new ApexSystemError('MathException', message),
  string: (message: string): ApexSystemError => new ApexSystemError('StringException', message),
  list: (message: string): ApexSystemError => new ApexSystemError('ListException', message),
  json: (message: string): ApexSystemError => new ApexSystemError('JSONException', message),
};
