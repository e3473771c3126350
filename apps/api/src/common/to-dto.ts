/** The data fields of a DTO class (its instance members), as an object literal may give them. */
export type DtoFields<T> = { [K in keyof T]: T[K] };

/**
 * A response DTO made from its fields: the class describes the body to Swagger, and the value a route
 * returns is then really an instance of it (the JSON written is the same as the fields').
 */
export function toDto<T extends object>(type: new () => T, fields: DtoFields<T>): T {
  return Object.assign(new type(), fields);
}
