// Validates Kubernetes manifests against the API schemas of kubernetes-models
// (Kubernetes core) and @kubernetes-models/argo-rollouts. Prints one line per resource
// and exits non-zero if any resource is invalid or of an unknown kind.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modules = (apiVersion) => {
  if (apiVersion.startsWith("argoproj.io/")) {
    return `@kubernetes-models/argo-rollouts/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
};

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`INVALID ${file}: ${document.errors[0].message}`);
      failures++;
      continue;
    }
    const resource = document.toJS();
    const name = `${file} ${resource.kind} ${resource.metadata?.name ?? resource.metadata?.generateName}`;
    try {
      const models = await import(modules(resource.apiVersion));
      const Model = models[resource.kind];
      if (!Model) {
        throw new Error(`unknown kind ${resource.kind} in ${resource.apiVersion}`);
      }
      new Model(resource).validate();
      console.log(`VALID ${name}`);
    }
    catch (error) {
      console.log(`INVALID ${name}: ${error.message}`);
      failures++;
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
