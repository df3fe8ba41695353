# lib-autopay.sh — helpers for the autopay scripts (t049*.sh, t069*.sh),
# sourced after lib-payments.sh; the borrower is $P2 with the bearer
# token in $TEST_DIR/t2 and the sandbox's database in $SANDBOX_DB.
#   auth        the Authorization header
#   charges     card payments in the sandbox's database
#   tries       autopay tries in the sandbox's database
#   autopay_on  switches autopay on over HTTPS, answering the SMS code

auth () { echo "Authorization: Bearer $(cat "$TEST_DIR/t2")"; }

charges () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment'"
}

tries () {
	kb_sandbox_sql "SELECT count(*) FROM autopay_attempts"
}

autopay_on () {
	expect 200 GET /v1/autopay -H "$(auth)" &&
	ap_sha=$(body .autopay.document.sha256) &&
	ap_n=$(sms_count "$P2") &&
	expect 202 PUT /v1/autopay \
	    "{\"enabled\":true,\"document_sha256\":\"$ap_sha\"}" -H "$(auth)" &&
	verify "$P2" "$(body .challenge.id)" $((ap_n + 1)) &&
	test "$(body .autopay.enabled)" = true
}
