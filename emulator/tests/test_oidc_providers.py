"""An OIDC provider's audiences (client IDs) added and removed, as admin-setup --github needs when the account already
has GitHub's provider without AWS's audience."""

import pytest
from botocore.exceptions import ClientError

URL = "https://token.actions.githubusercontent.com"


def test_a_client_id_is_added_once_and_removed(aws):
    iam = aws("iam")
    arn = iam.create_open_id_connect_provider(Url=URL, ClientIDList=["another-audience"])["OpenIDConnectProviderArn"]
    try:
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
        assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ClientIDList"] == [
            "another-audience",
            "sts.amazonaws.com",
        ]

        iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="another-audience")
        iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="another-audience")
        assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ClientIDList"] == ["sts.amazonaws.com"]
    finally:
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)


def test_a_provider_that_is_not_there_is_named(aws):
    iam = aws("iam")
    missing = "arn:aws:iam::123456789012:oidc-provider/nowhere.example.com"
    with pytest.raises(ClientError) as error:
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=missing, ClientID="sts.amazonaws.com")
    assert error.value.response["Error"]["Code"] == "NoSuchEntity"
