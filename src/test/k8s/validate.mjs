// Validates Kubernetes objects against the OpenAPI schemas of Kubernetes (kubernetes-models), cert-manager and the
// Prometheus Operator: types, required fields and enumerations, as the apiserver's schema validation does. Like
// those schemas it does not flag unknown fields. Usage: node validate.mjs OBJECTS.json (a JSON array of objects);
// prints one line per object ("ok KIND NAME" or "invalid KIND NAME: errors") and exits 1 if any is invalid or of a
// kind it has no schema for.
import { readFileSync } from "node:fs";

const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "admissionregistration.k8s.io/v1": "kubernetes-models/admissionregistration.k8s.io/v1",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = false;
for (const o of objects) {
  const what = `${o.apiVersion}/${o.kind} ${o.metadata?.name}`;
  const module = modules[o.apiVersion];
  const model = module && (await import(module))[o.kind];
  if (!model) {
    console.log(`invalid ${what}: no schema for this apiVersion and kind`);
    failed = true;
    continue;
  }
  try {
    new model(o).validate();
    console.log(`ok ${what}`);
  } catch (e) {
    console.log(`invalid ${what}: ${e.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
