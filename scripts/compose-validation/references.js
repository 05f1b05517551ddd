'use strict';

/** Checks of references between services and top-level keys, which the schema cannot express. */

const { parsePortSpec } = require('./schema');

function dependencyNames(service) {
  const dependsOn = service.depends_on;
  if (Array.isArray(dependsOn)) {
    return dependsOn;
  }
  return dependsOn && typeof dependsOn === 'object' ? Object.keys(dependsOn) : [];
}

function checkDependencies(services, errors) {
  for (const [name, service] of Object.entries(services)) {
    const profiles = service.profiles ?? [];
    for (const target of dependencyNames(service)) {
      const dependency = services[target];
      if (!dependency) {
        errors.push(`services/${name}/depends_on: service "${target}" is not defined; define it under services or remove the dependency.`);
        continue;
      }
      // The Compose Specification, section "profiles", rejects a model in which an enabled service
      // depends on a service whose profiles are all inactive.
      const dependencyProfiles = dependency.profiles ?? [];
      if (dependencyProfiles.length > 0 && (profiles.length === 0 || profiles.some((profile) => !dependencyProfiles.includes(profile)))) {
        errors.push(
          `services/${name}/depends_on: service "${target}" runs only with profile ${dependencyProfiles.join(' or ')}, ` +
            `but "${name}" can start without it; give both services the same profiles.`,
        );
      }
    }
  }

  const visiting = new Set();
  const finished = new Set();
  const visit = (name, chain) => {
    if (finished.has(name) || !services[name]) {
      return;
    }
    if (visiting.has(name)) {
      errors.push(`services: depends_on forms a cycle: ${[...chain, name].join(' -> ')}.`);
      return;
    }
    visiting.add(name);
    for (const target of dependencyNames(services[name])) {
      visit(target, [...chain, name]);
    }
    visiting.delete(name);
    finished.add(name);
  };
  Object.keys(services).forEach((name) => visit(name, []));
}

/**
 * Returns the named volume of one service "volumes" entry, or null for a bind mount, a tmpfs
 * or an anonymous volume. In the short syntax SOURCE:TARGET[:MODE], a source that is not a path
 * (not starting with /, . or ~, and not a Windows drive) is a volume name.
 */
function namedVolumeOf(entry) {
  if (typeof entry === 'object' && entry !== null) {
    return entry.type === 'volume' && entry.source ? entry.source : null;
  }
  if (typeof entry !== 'string' || /^[A-Za-z]:[\\/]/.test(entry)) {
    return null;
  }
  const parts = entry.split(':');
  if (parts.length < 2) {
    return null;
  }
  const source = parts[0];
  return /^[/.~]/.test(source) ? null : source;
}

function referencedNames(entries) {
  if (Array.isArray(entries)) {
    return entries.map((entry) => (typeof entry === 'string' ? entry : entry?.source)).filter(Boolean);
  }
  return entries && typeof entries === 'object' ? Object.keys(entries) : [];
}

function checkDeclaredResources(compose, errors) {
  const declared = (kind) => Object.keys(compose[kind] ?? {});
  const volumes = declared('volumes');
  const networks = [...declared('networks'), 'default'];
  const secrets = declared('secrets');
  const configs = declared('configs');

  for (const [name, service] of Object.entries(compose.services)) {
    for (const entry of service.volumes ?? []) {
      const volume = namedVolumeOf(entry);
      if (volume !== null && !volumes.includes(volume)) {
        errors.push(`services/${name}/volumes: named volume "${volume}" is not declared; add it under the top-level volumes key.`);
      }
    }
    for (const [kind, known] of [['networks', networks], ['secrets', secrets], ['configs', configs]]) {
      for (const reference of referencedNames(service[kind])) {
        if (!known.includes(reference)) {
          errors.push(`services/${name}/${kind}: "${reference}" is not declared; add it under the top-level ${kind} key.`);
        }
      }
    }
  }
}

function replicasOf(service) {
  return service.deploy?.replicas ?? service.scale ?? 1;
}

/** Reports host ports that two containers would publish at once. Services in profiles count too. */
function checkPublishedPorts(services, errors) {
  const owners = new Map();
  for (const [name, service] of Object.entries(services)) {
    for (const entry of service.ports ?? []) {
      let spec;
      if (typeof entry === 'number') {
        spec = Number.isInteger(entry) && entry >= 0 && entry <= 65535 ? { hostIp: '', hostPorts: '', containerPorts: String(entry), protocol: 'tcp' } : null;
      } else if (typeof entry === 'string') {
        spec = parsePortSpec(entry);
      } else {
        const published = entry.published === undefined ? '' : String(entry.published);
        spec = { hostIp: entry.host_ip ?? '', hostPorts: published, containerPorts: String(entry.target), protocol: entry.protocol ?? 'tcp' };
      }
      if (spec === null) {
        errors.push(`services/${name}/ports: ${JSON.stringify(entry)} is not a valid port mapping; use HOST_PORT:CONTAINER_PORT.`);
        continue;
      }
      if (!spec.hostPorts) {
        continue;
      }
      if (replicasOf(service) > 1) {
        errors.push(`services/${name}/ports: host port ${spec.hostPorts} is fixed but the service has ${replicasOf(service)} replicas; only one can bind it.`);
      }
      const [first, last = first] = spec.hostPorts.split('-').map(Number);
      for (let port = first; port <= last; port += 1) {
        const key = `${spec.hostIp || '*'}:${port}/${spec.protocol}`;
        const owner = owners.get(key);
        if (owner && owner !== name) {
          errors.push(`services/${name}/ports: host port ${port}/${spec.protocol} is already published by service "${owner}".`);
        }
        owners.set(key, name);
      }
    }
  }
}

module.exports = { checkDependencies, checkDeclaredResources, checkPublishedPorts };
