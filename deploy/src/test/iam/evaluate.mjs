// Evaluates IAM authorization requests with @cloud-copilot/iam-simulate, for DeployerPolicyTests.
// stdin:  {"principal": ARN, "accountId": "123456789012", "identityPolicies": [{name, policy}],
//          "permissionBoundary": policy or null, "requests": [{action, resource, context}]}
// stdout: one line per request, in order: {"result": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | "Error",
//          "detail": why, when not Allowed}
import { runSimulation } from '@cloud-copilot/iam-simulate';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

for (const request of input.requests) {
  const simulation = {
    request: {
      principal: input.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: input.accountId },
      contextVariables: request.context ?? {},
    },
    identityPolicies: input.identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    permissionBoundaryPolicies: input.permissionBoundary
      ? [{ name: 'boundary', policy: input.permissionBoundary }]
      : undefined,
  };
  const outcome = await runSimulation(simulation, {});
  if (outcome.resultType === 'error') {
    console.log(JSON.stringify({ result: 'Error', detail: JSON.stringify(outcome.errors) }));
    continue;
  }
  const results = outcome.resultType === 'single' ? [outcome.result] : outcome.results;
  const ignored = [...new Set(results.flatMap((r) => r.ignoredContextKeys ?? []))];
  console.log(JSON.stringify({
    result: outcome.overallResult,
    detail: outcome.overallResult === 'Allowed' ? undefined : ignored.length ? `context keys ignored: ${ignored}` : '',
  }));
}
