export { ActorName, actorName } from './ActorName';
