import type { DomainErrorMapper } from './domain-error';

/** One mapper from several (a lib's and the app's own): the first that owns the error answers. */
export function combineDomainErrorMappers(...mappers: readonly DomainErrorMapper[]): DomainErrorMapper {
  return (error) => {
    for (const mapper of mappers) {
      const mapping = mapper(error);
      if (mapping) {
        return mapping;
      }
    }
    return undefined;
  };
}
