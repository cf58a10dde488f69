// Evaluates IAM authorization requests with @cloud-copilot/iam-simulate, for DeployerPolicyTests.
// stdin:  {"principal": ARN, "accountId": "123456789012", "identityPolicies": [{name, policy}],
//          "permissionBoundary": policy or null, "trustPolicy": a role's trust policy or absent,
//          "requests": [{action, resource, context}]}
// With a trust policy, each request is judged against it as the role's resource policy (sts:AssumeRole*).
// Its context is taken as given: the evaluator's data (AWS's service reference) does not list the OIDC keys
// <issuer>:sub and <issuer>:aud that AWS documents for every OIDC provider, and would drop them.
// stdout: one line per request, in order: {"result": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | "Error",
//          "detail": why, when not Allowed}
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

if (input.trustPolicy) {
  const trust = createValidatedPolicy(input.trustPolicy, validateTrustPolicy, { name: 'trust' });
  for (const request of input.requests) {
    if (trust.errors.length) {
      console.log(JSON.stringify({ result: 'Error', detail: JSON.stringify(trust.errors) }));
      continue;
    }
    const result = runUnsafeSimulation({
      request: {
        principal: input.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: input.accountId },
        contextVariables: request.context ?? {},
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust,
    }, {});
    console.log(JSON.stringify({ result, detail: result === 'Allowed' ? undefined : '' }));
  }
  process.exit(0);
}

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
