/**
 * Who did something, as the backend records it: a user entity ref
 * (`user:default/ada`) is shown by name, anything else (a service such as
 * `releases:engine`) as it is. The full value is in the tooltip.
 */
export function actorName(actor: string): string {
  const user = /^user:(?:default\/)?(.+)$/i.exec(actor);
  return user ? user[1] : actor;
}

export const ActorName = ({ actor }: { actor: string | null }) =>
  actor ? <span title={actor}>{actorName(actor)}</span> : <>–</>;
