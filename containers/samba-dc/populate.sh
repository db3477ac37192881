#!/bin/bash
# Build-time population with the objects of the fake DC's `contoso` world. Samba is started so that
# every object is created over LDAP by Administrator, exactly as in the recorded lab (objects created
# by a Domain Admins member get owner DA, which matters when SDs are compared). Starting samba here
# also generates its self-signed TLS certificate, so containers start faster.
set -euo pipefail
. /opt/wbsim/dc.env

samba -D
pid_file=/run/samba/samba.pid
trap 'kill "$(cat "$pid_file")" 2>/dev/null || true' EXIT
/opt/wbsim/wait-ports.sh 60 389 636 88

tool() { samba-tool "$@" -H ldap://127.0.0.1 -U Administrator --password="$ADMIN_PASSWORD" --use-kerberos=off; }

# The recorder's matrix ran with minPwdAge = 0 (a change right after a reset fails otherwise).
tool domain passwordsettings set --min-pwd-age=0

for ou in Staff Sales Admins Blocked; do
  tool ou create "OU=$ou"
done

# name, container (relative to the domain root), password. Created in the recorded lab's order, so
# the RIDs are the lab's (provision's dns-dc1 takes 1101): alice 1102, frank 1103, bob 1104,
# dave 1105, erin 1106, carol 1107, gina 1108, MSOL_0123456789ab 1109 (the SID in samba-sddl/).
users=(
  "alice|OU=Staff|Alice!Passw0rd1"
  "frank|OU=Staff|Frank!Passw0rd1"
  "bob|CN=Users|Bob!Passw0rd1"
  "dave|OU=Sales|Dave!Passw0rd1"
  "erin|OU=Blocked|Erin!Passw0rd1"
  "carol|OU=Admins|Carol!Passw0rd1"
  "gina|OU=Admins|Gina!Passw0rd1"
  "MSOL_0123456789ab|CN=Users|Msol!Passw0rd#1"
)
for u in "${users[@]}"; do
  IFS='|' read -r name container password <<<"$u"
  tool user create "$name" "$password" --userou="$container"
done
tool group addmembers "Domain Admins" carol,gina
# UF_DONT_EXPIRE_PASSWD: userAccountControl 512 -> 66048, as Azure AD Connect's MSOL account.
tool user setexpiry MSOL_0123456789ab --noexpiry

# Stop samba cleanly so the databases are consistent in the image layer.
pid="$(cat "$pid_file")"
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
trap - EXIT
