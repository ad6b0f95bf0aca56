// Shape h: keys given to third-party actions as inputs, to docker:// actions and containers as env,
// or forwarded into containers from scripts; and look-alike inputs of other vendors.
import { describe, expect, it } from "vitest";
import { analyzeOne, brief, lines } from "../../../test/support/analyze/workflows.js";

describe("third-party and docker actions", () => {
  it("finds key inputs of a third-party action, with the account in an ECR host", () => {
    const text = lines(
      "on: pull_request", // 1
      "jobs:", // 2
      "  img:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - uses: someone/ecr-login@v1", // 6
      "        with:", // 7
      "          access-key-id: ${{ secrets.ECR_ID }}", // 8
      "          secret-access-key: ${{ secrets.ECR_SECRET }}", // 9
      "          region: eu-west-1", // 10
      "      - run: docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/img", // 11
    );
    const [u] = analyzeOne(text).usages;
    expect(brief(u!)).toEqual({
      kind: "action-input",
      at: "8:11",
      job: "img",
      step: 0,
      accessKeyId: ["secret:ECR_ID"],
      secretAccessKey: ["secret:ECR_SECRET"],
      sessionToken: [],
    });
    expect(u?.action).toMatchObject({ action: "someone/ecr-login", ref: "v1" });
    expect(u?.accountHints).toEqual([expect.objectContaining({ accountId: "123456789012", source: "ecr-registry" })]);
    expect(u?.triggers?.forkReachable).toBe(true);
  });

  it("accepts aws_access_key / aws_secret_key style inputs", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  eb:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: vendor/beanstalk-deploy@v22",
      "        with:",
      "          aws_access_key: ${{ secrets.EB_KEY }}",
      "          aws_secret_key: ${{ secrets.EB_SECRET }}",
    );
    expect(analyzeOne(text).usages.map((u) => [u.kind, u.secretNames])).toEqual([["action-input", ["EB_KEY", "EB_SECRET"]]]);
  });

  it("does not take another cloud's access-key-id / access-key-secret inputs for AWS keys", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  oss:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: othercloud/oss-upload@v1",
      "        with:",
      "          access-key-id: ${{ secrets.OSS_ID }}",
      "          access-key-secret: ${{ secrets.OSS_SECRET }}",
    );
    expect(analyzeOne(text).usages).toEqual([]);
  });

  it("finds keys in the env of docker:// steps, job containers and services", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  k8s:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    container:", // 5
      "      image: amazon/aws-cli", // 6
      "      env:", // 7
      "        AWS_ACCESS_KEY_ID: ${{ secrets.C_ID }}", // 8
      "        AWS_SECRET_ACCESS_KEY: ${{ secrets.C_SECRET }}", // 9
      "    services:", // 10
      "      s3mock:", // 11
      "        image: localstack/localstack", // 12
      "        env:", // 13
      "          AWS_ACCESS_KEY_ID: ${{ secrets.S_ID }}", // 14
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.S_SECRET }}", // 15
      "    steps:", // 16
      "      - uses: docker://amazon/aws-cli:2.15.0", // 17
      "        env:", // 18
      "          AWS_ACCESS_KEY_ID: ${{ secrets.D_ID }}", // 19
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.D_SECRET }}", // 20
      "        with:", // 21
      "          args: eks update-kubeconfig --name prod", // 22
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.kind, u.envLevel, u.line, u.secretNames[0]])).toEqual([
      ["docker-action-env", "container", 8, "C_ID"],
      ["docker-action-env", "service", 14, "S_ID"],
      ["docker-action-env", "step", 19, "D_ID"],
    ]);
    expect(usages[2]?.action).toMatchObject({ action: "docker://amazon/aws-cli", ref: "2.15.0", docker: true });
  });

  it("finds keys forwarded into a container by `docker run -e`", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  t:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - run: |", // 6
      "          docker run --rm \\", // 7
      "            -e AWS_ACCESS_KEY_ID=${{ secrets.RUN_ID }} \\", // 8
      "            -e AWS_SECRET_ACCESS_KEY=${{ secrets.RUN_SECRET }} \\", // 9
      "            amazon/aws-cli s3 ls", // 10
    );
    const [u] = analyzeOne(text).usages;
    expect([u?.kind, u?.runForm, u?.line, u?.column, u?.secretNames]).toEqual(["run-script", "docker-env", 8, 16, ["RUN_ID", "RUN_SECRET"]]);
  });
});
