package render

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/engine"
)

// WithVolumeFingerprints adds to h the fingerprint of the passwords in the
// lab directory's secrets.env for the PostgreSQL volume: PostgreSQL sets its
// passwords once, when it initialises an empty volume, so a volume made with
// other secrets (secrets.env deleted or edited since) would start and then
// refuse every login. up refuses it instead, naming the two ways out.
// The fingerprint is a truncated SHA-256: it tells secrets apart and gives
// nothing of them away.
func WithVolumeFingerprints(h engine.Hints, dir string) (engine.Hints, error) {
	s, err := config.LoadOrCreateSecrets(filepath.Join(dir, FileSecrets))
	if err != nil {
		return h, err
	}
	h.VolumeFingerprints = map[string]string{VolumePostgres: secretsFingerprint(s)}
	h.VolumeFix = "put back the " + FileSecrets + " it was made with, or run labctl down --volumes to start with an empty database (its data is lost)"
	return h, nil
}

func secretsFingerprint(s config.Secrets) string {
	sum := sha256.Sum256([]byte("labctl pgdata\x00" + s.PostgresPassword + "\x00" + s.MonitorPassword))
	return hex.EncodeToString(sum[:8])
}
