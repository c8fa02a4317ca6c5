"""What an export gives an auditor: a shell recipe (verify.sh) and its explanation
(VERIFY.txt). Kept as text here so that it ships inside the package."""

from __future__ import annotations

VERIFY_SH = r'''#!/bin/sh
# Checks a rootkeeper journal export with openssl, sha256sum, sed, cmp and tail only:
# no rootkeeper, no python3, no jq. Run it inside the export directory: sh verify.sh
set -u
LC_ALL=C
export LC_ALL
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. entries/ holds exactly the lines of journal.jsonl, in order.
for line in entries/*.line; do cat "$line"; printf '\n'; done | cmp -s - journal.jsonl \
  || bad "entries/*.line do not reproduce journal.jsonl"

# 2. key.pem is the key the genesis entry carries; print its fingerprint to compare with
#    the one you were given out of band.
raw_b64=$(openssl pkey -pubin -in key.pem -outform DER | tail -c 32 | openssl base64 -A)
fingerprint=$(openssl pkey -pubin -in key.pem -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)
echo "key fingerprint (sha256 of the raw public key): $fingerprint"
grep -q "\"public_key\":\"$raw_b64\"" entries/*000000.signed || bad "key.pem is not the key of the genesis entry"

# 3. every entry: its signed bytes, its signature, its place in the chain.
prev=0000000000000000000000000000000000000000000000000000000000000000
n=0
for line in entries/*.line; do
  base=${line%.line}
  [ "$(sed 's/\(.*\),"sig":"[A-Za-z0-9+/=]*"/\1/' "$line")" = "$(cat "$base.signed")" ] \
    || bad "$base.signed is not $line without its signature"
  sed 's/.*,"sig":"\([A-Za-z0-9+/=]*\)".*/\1/' "$line" | openssl base64 -d -A | cmp -s - "$base.sig" \
    || bad "$base.sig is not the signature in $line"
  openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in "$base.signed" -sigfile "$base.sig" >/dev/null 2>&1 \
    || bad "signature of entry $n does not verify ($base)"
  grep -q "\"prev\":\"$prev\",\"seq\":$n," "$base.signed" \
    || bad "entry $n is not chained to the entry before it (deleted, inserted or reordered)"
  prev=$(sha256sum "$line" | cut -d' ' -f1)
  n=$((n + 1))
done

# 4. witness co-signatures (entries of kind "witness", signed by the journal key like the
#    rest): the witness's own Ed25519 signature over the challenge, the challenge naming an
#    earlier entry by its line hash, the witness key enrolled for that name by an earlier
#    roster entry ("enroll-witness").
W='^{"body":{"challenge":"\([^"]*\)","fingerprint":"\([0-9a-f]*\)","name":"\([^"\\]*\)","of_hash":"\([0-9a-f]*\)","of_seq":\([0-9]*\),"public_key":"\([A-Za-z0-9+/=]*\)","signature":"\([A-Za-z0-9+/=]*\)"},"key":.*'
wfield() { sed -n "s#$W#\\$1#p" "$2"; }
kind_is() { grep -q "\"key\":\"[0-9a-f]\{64\}\",\"kind\":\"$1\",\"prev\":\"" "$2"; }
witnesses=0
n=0
for line in entries/*.line; do
  base=${line%.line}
  if kind_is witness "$line"; then
    witnesses=$((witnesses + 1))
    failed_before=$fail
    fail=0
    challenge=$(wfield 1 "$line"); fp=$(wfield 2 "$line"); name=$(wfield 3 "$line")
    of_hash=$(wfield 4 "$line"); of_seq=$(wfield 5 "$line"); pk=$(wfield 6 "$line"); wsig=$(wfield 7 "$line")
    if [ -z "$challenge" ] || [ -z "$of_seq" ]; then
      bad "entry $n is a witness entry not in the form rootkeeper writes"
    else
      [ "$challenge" = "rootkeeper-cosign:v1:$of_seq:$of_hash" ] \
        || bad "witness entry $n: its challenge does not name of_seq and of_hash"
      # The witness key as PEM: the fixed 12-byte Ed25519 SubjectPublicKeyInfo prefix, then the raw key.
      printf '%s\n' '-----BEGIN PUBLIC KEY-----' "MCowBQYDK2VwAyEA$pk" '-----END PUBLIC KEY-----' \
        | cmp -s - "$base.witness.pem" || bad "$base.witness.pem is not the witness key in $line"
      printf '%s' "$challenge" | cmp -s - "$base.challenge" || bad "$base.challenge is not the challenge in $line"
      printf '%s' "$wsig" | openssl base64 -d -A | cmp -s - "$base.witness.sig" \
        || bad "$base.witness.sig is not the witness signature in $line"
      [ "$(printf '%s' "$pk" | openssl base64 -d -A | sha256sum | cut -d' ' -f1)" = "$fp" ] \
        || bad "witness entry $n: the fingerprint is not the SHA-256 of its public key"
      openssl pkeyutl -verify -pubin -inkey "$base.witness.pem" -rawin -in "$base.challenge" \
        -sigfile "$base.witness.sig" >/dev/null 2>&1 \
        || bad "witness entry $n: the signature of witness $name does not verify (forged)"
      if [ "$of_seq" -ge "$n" ] \
        || [ "$(printf '%s' "$(sed -n "$((of_seq + 1))p" journal.jsonl)" | sha256sum | cut -d' ' -f1)" != "$of_hash" ]; then
        bad "witness entry $n: of_hash is not the hash of the earlier entry $of_seq"
      fi
      enrolled=0
      for earlier in entries/*.line; do
        [ "$earlier" = "$line" ] && break
        if kind_is roster "$earlier" && grep -qF '"action":"enroll-witness"' "$earlier" \
          && grep -qF "\"custodian\":\"$name\"" "$earlier" && grep -qF "\"public_key\":\"$pk\"" "$earlier"; then
          enrolled=1
        fi
      done
      [ "$enrolled" -eq 1 ] || bad "witness entry $n: the key of $name ($fp) is not enrolled by an earlier roster entry"
      [ "$fail" -eq 0 ] && echo "witness: entry $n co-signs entry $of_seq, signed by $name (key $fp)"
    fi
    [ "$failed_before" -eq 1 ] && fail=1
  fi
  n=$((n + 1))
done

# 5. the last entry is the head recorded when it was written: nothing was cut off the end.
if [ -s head.txt ]; then
  [ "$((n - 1)):$prev" = "$(cat head.txt)" ] || bad "the journal ends at $((n - 1)):$prev, not at the head $(cat head.txt)"
fi

# 6. a rehearsal journal (its genesis entry says "rehearsal":true) was written against the
#    rehearsal world: it is practice, not evidence, however well it verifies.
practice=0
if grep -q '"rehearsal":true' entries/*000000.signed 2>/dev/null; then
  practice=1
  echo "REHEARSAL JOURNAL: written against rootkeeper's rehearsal world; it is practice, not evidence"
fi

cosigned=""
[ "$witnesses" -gt 0 ] && cosigned=", and $witnesses witness co-signature(s)"
if [ "$fail" -eq 0 ]; then
  if [ "$practice" -eq 1 ]; then
    echo "OK (PRACTICE, NOT EVIDENCE): $n entries, every signature and the whole chain verified$cosigned"
  else
    echo "OK: $n entries, every signature and the whole chain verified$cosigned"
  fi
fi
exit "$fail"
'''

VERIFY_TXT = """How to verify this rootkeeper audit journal without rootkeeper
================================================================

You need: sh, openssl (3.0 or later), sha256sum, sed, cmp, tail. No python3, no jq.

  sh verify.sh

checks everything below and prints OK or each failure. By hand, the steps are:

Files
  journal.jsonl        the journal: one JSON entry per line (canonical JSON, UTF-8)
  key.pem              its Ed25519 public key (SubjectPublicKeyInfo PEM)
  head.txt             SEQ:HASH of the last entry, as {head_source}
  entries/NNNNNN.line    entry NNNNNN exactly as in journal.jsonl, without its newline
  entries/NNNNNN.signed  the exact bytes that were signed: the line without its ,"sig":"..." member
  entries/NNNNNN.sig     the raw 64-byte Ed25519 signature (the base64 "sig" value, decoded)

1. The key. Compare its fingerprint with the one you were given out of band:
     openssl pkey -pubin -in key.pem -outform DER | tail -c 32 | sha256sum
   It is {fingerprint}
   and equals the "key" member of every entry; entry 0 (kind "genesis") carries the
   same key as body.public_key (base64 of the 32 raw bytes).{key_note}

2. Every signature:
     openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in entries/000001.signed -sigfile entries/000001.sig
   prints "Signature Verified Successfully" for an intact entry. Check that a .signed file is
   its .line without the signature member, and that the .sig file is that member decoded:
     sed 's/\\(.*\\),"sig":"[A-Za-z0-9+/=]*"/\\1/' entries/000001.line | cmp - entries/000001.signed
     sed 's/.*,"sig":"\\([A-Za-z0-9+/=]*\\)".*/\\1/' entries/000001.line | openssl base64 -d -A | cmp - entries/000001.sig

3. The chain. Entry N+1's "prev" is the SHA-256 of line N's bytes (without its newline);
   entry 0's prev is 64 zeros; "seq" counts 0, 1, 2, ... with no gap:
     sha256sum entries/000000.line
     grep -o '"prev":"[0-9a-f]*","seq":[0-9]*' entries/000001.signed

4. Witness co-signatures. An entry of kind "witness" (signed by the journal key like every
   entry) records a witness's own Ed25519 signature over a challenge naming an earlier entry:
   body.challenge is "rootkeeper-cosign:v1:OF_SEQ:OF_HASH", OF_HASH the SHA-256 of line OF_SEQ.
   For such an entry NNNNNN the export holds
     entries/NNNNNN.challenge    the challenge's bytes, as the witness signed them
     entries/NNNNNN.witness.pem  the witness's public key (body.public_key as a PEM file)
     entries/NNNNNN.witness.sig  the witness's raw signature (body.signature, decoded)
   and the witness's signature checks with
     openssl pkeyutl -verify -pubin -inkey entries/NNNNNN.witness.pem -rawin -in entries/NNNNNN.challenge -sigfile entries/NNNNNN.witness.sig
   The witness key must be enrolled for that name by an EARLIER entry of kind "roster" whose
   body says "action":"enroll-witness" with the same "custodian" and "public_key"; the
   fingerprint is the SHA-256 of the 32 raw bytes of the key (compare it with the one the
   witness read out when enrolling).

5. The tail. The last line's SHA-256 and seq must equal head.txt; a journal cut short at
   the end fails this check only.

6. Practice or evidence. A genesis entry whose body says "rehearsal":true was written
   against rootkeeper's rehearsal world: it is practice, not evidence, however well it
   verifies (verify.sh says so).{practice_note}

Journal: {entries} entries, head {head}.
"""
