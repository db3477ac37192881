#!/bin/bash
# Build-time provisioning of the CONTOSO.COM domain (run once by the Containerfile).
set -euo pipefail
. /opt/wbsim/dc.env

rm -f /etc/samba/smb.conf
samba-tool domain provision \
  --realm="$REALM" --domain="$DOMAIN" --host-name="$HOST_NAME" --server-role=dc \
  --use-rfc2307 --dns-backend=NONE \
  --domain-sid="$DOMAIN_SID" --adminpass="$ADMIN_PASSWORD"

# Provision writes a `dns forwarder` taken from the build host's resolver: drop it so the DC never
# sends DNS traffic out. Only LDAP and the KDC are needed. `interfaces = lo eth0` (not just lo, as in
# the lab netns) because podman forwards published ports to the container's eth0 address.
# `ldap server require strong auth` keeps its default (yes): simple binds over cleartext LDAP get
# `8 strongerAuthRequired` / `BindSimple: Transport encryption required.`, which the fake DC's samba
# personality models and the conformance suite asserts.
sed -i -e '/^\s*dns forwarder\s*=/d' -e '/^\s*server services\s*=/d' -e '/^\s*interfaces\s*=/d' \
  -e '/^\s*bind interfaces only\s*=/d' /etc/samba/smb.conf
sed -i -e '/^\[global\]/a\	server services = ldap, kdc\n\tinterfaces = lo eth0\n\tbind interfaces only = yes' \
  /etc/samba/smb.conf
cp /var/lib/samba/private/krb5.conf /etc/krb5.conf

/opt/wbsim/populate.sh
