// Projects: a record in storage (shared by every hub on the bucket) and a bare repository on
// this hub's disk. The record is created first and only once (ifAbsent), so two racing creates
// of one name cannot both build a repository.

import { GITATTRIBUTES } from '@xetcache/core';
import { HubError } from './errors.js';
import { layout } from './layout.js';
import { projectId, type ProjectName } from './names.js';
import { createRepo } from './git/repos.js';
import type { BlobStore } from './storage/port.js';

export interface ProjectRecord {
  owner: string;
  name: string;
  createdBy: string;
  createdAt: string;
}

export interface Projects {
  create(p: ProjectName, by: string, links: { lfsUrl: string }): Promise<ProjectRecord>;
  get(p: ProjectName): Promise<ProjectRecord | undefined>;
  list(): Promise<ProjectRecord[]>;
}

export interface ProjectsDeps {
  blobs: BlobStore;
  reposDir: string;
  processEnv: NodeJS.ProcessEnv;
  now: () => number;
}

const encoder = new TextEncoder();

/** The `.lfsconfig` of a new project: the hub's LFS URL for it (SPEC §2). */
export const lfsconfig = (lfsUrl: string): string => `[lfs]\n\turl = ${lfsUrl}\n`;

export function createProjects(deps: ProjectsDeps): Projects {
  const read = async (key: string): Promise<ProjectRecord | undefined> => {
    const data = await deps.blobs.read(key);
    return data && (JSON.parse(new TextDecoder().decode(data)) as ProjectRecord);
  };

  return {
    async create(p, by, links) {
      const when = new Date(deps.now());
      const record: ProjectRecord = { owner: p.owner, name: p.name, createdBy: by, createdAt: when.toISOString() };
      const key = layout.project(p.owner, p.name);
      if (!(await deps.blobs.put(key, encoder.encode(`${JSON.stringify(record, null, 2)}\n`), { ifAbsent: true }))) {
        throw new HubError('ECONFLICT', `project ${projectId(p)} already exists`);
      }
      try {
        await createRepo(
          deps.reposDir,
          p,
          {
            files: [
              { path: '.gitattributes', content: GITATTRIBUTES },
              { path: '.lfsconfig', content: lfsconfig(links.lfsUrl) },
            ],
            message: 'xetcache: new cache project',
            author: { name: by, email: `${by}@xetcache` },
            when,
          },
          deps.processEnv,
        );
      } catch (err) {
        await deps.blobs.delete(key);
        throw err;
      }
      return record;
    },

    get: (p) => read(layout.project(p.owner, p.name)),

    async list() {
      const out: ProjectRecord[] = [];
      for await (const key of deps.blobs.list(layout.projectsPrefix)) {
        const record = await read(key);
        if (record) out.push(record);
      }
      return out;
    },
  };
}
