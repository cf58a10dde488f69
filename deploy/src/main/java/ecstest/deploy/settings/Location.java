package ecstest.deploy.settings;

import java.util.List;

/** Where the stack is: its account and region, which every resource's ARN and the clients' endpoints name. */
public final class Location {

    public static final Setting REGION = new Setting(
            "REGION",
            Type.region(),
            "ap-northeast-2",
            "the AWS region of the stack (--region sets it too)",
            Setting.Change.LOCATION);

    public static final Setting ACCOUNT_ID = new Setting(
            "ACCOUNT_ID",
            Type.accountId(),
            null,
            "the AWS account of the stack, which the roles' and repositories' ARNs name (no default: set it once,"
                    + " e.g. ECS_TEST_ACCOUNT_ID)",
            Setting.Change.LOCATION);

    public static final List<Setting> SETTINGS = List.of(REGION, ACCOUNT_ID);

    private Location() {}
}
