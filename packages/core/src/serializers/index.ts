// Serializers: how cached values become bytes and back, chosen by name or by the value's type.

export type { Serializer } from './serializer.js';
export { createSerializerRegistry, type SerializerRegistry } from './registry.js';
export { bytesSerializer, bytesView } from './bytes.js';
export { textSerializer } from './text.js';
export { jsonSerializer } from './json.js';
export { jsonProblem } from './json-check.js';
export { cloneProblem, type CloneCheckOptions } from './clone-check.js';
export { describeValue } from './describe.js';
