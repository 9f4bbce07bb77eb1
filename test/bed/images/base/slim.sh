#!/bin/sh
# Run by test/bed/build inside the freshly debootstrapped rootfs (chroot) before `docker import`.
# Removes what a container never needs: apt caches and lists, docs, man pages, translations, the
# default PostgreSQL cluster (images create theirs at first start), and LLVM (PostgreSQL's optional
# JIT; without llvmjit.so PostgreSQL silently runs without JIT).
set -eu
pg_dropcluster 15 main 2>/dev/null || true
rm -rf /var/lib/postgresql/15/main /etc/postgresql/15/main
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/lib/dpkg/*-old
rm -rf /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/lintian/* /usr/share/locale/*
rm -f /usr/lib/x86_64-linux-gnu/libLLVM-*.so* /usr/lib/postgresql/15/lib/llvmjit*.so
rm -rf /usr/lib/postgresql/15/lib/bitcode
find /var/log -type f -exec truncate -s 0 {} +
rm -f /etc/hostname /etc/machine-id
: > /etc/resolv.conf
: > /etc/machine-id
rm -rf /tmp/* /var/tmp/* /root/.cache
