# Assertions for the shell test drivers. Source this file; end with tg_report.
TG_PASSED=0
TG_FAILED=0

tg_expect_eq() {  # NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then
        TG_PASSED=$((TG_PASSED + 1))
        echo "ok - $1"
    else
        TG_FAILED=$((TG_FAILED + 1))
        printf 'not ok - %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
    fi
}

tg_expect_contains() {  # NAME NEEDLE HAYSTACK
    if [[ "$3" == *"$2"* ]]; then
        TG_PASSED=$((TG_PASSED + 1))
        echo "ok - $1"
    else
        TG_FAILED=$((TG_FAILED + 1))
        printf 'not ok - %s\n  expected to contain: %s\n  actual: %s\n' "$1" "$2" "$3"
    fi
}

tg_report() {  # prints the closing line and fails the script when anything failed
    echo "$TG_PASSED passed, $TG_FAILED failed"
    [ "$TG_FAILED" = 0 ]
}
