package engine

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/labctl/labctl/internal/model"
)

// Labels Docker Compose v2 puts on what it creates (their meaning is
// defined once, in model's table), and labctl's own.
const (
	LabelProject         = model.LabelProject
	LabelService         = model.LabelService
	LabelConfigHash      = model.LabelConfigHash
	LabelContainerNumber = model.LabelContainerNumber
	LabelOneoff          = model.LabelOneoff
	LabelWorkingDir      = model.LabelWorkingDir
	LabelConfigFiles     = model.LabelConfigFiles
	LabelVersion         = model.LabelVersion
	LabelDependsOn       = model.LabelDependsOn
	LabelImage           = model.LabelImage
	LabelNetwork         = model.LabelNetwork
	LabelVolume          = model.LabelVolume

	// LabelBuildHash marks an image labctl built with a digest of its build
	// inputs (context files, Dockerfile, args, base images), so an unchanged
	// backend is not rebuilt.
	LabelBuildHash = "org.labctl.build-hash"
	// LabelFingerprint marks a volume with what its data was made from
	// (Hints.VolumeFingerprints).
	LabelFingerprint = "org.labctl.fingerprint"
	// LabelBuiltFor marks an image labctl built with the project it built
	// it for: Down(BuiltImages) removes only the images built for the
	// project it takes down, never an image another project (the
	// teacher's own lab) built or was given.
	LabelBuiltFor = "org.labctl.project"
)

// ComposeVersion is the Docker Compose release whose behaviour labctl
// mirrors; written in com.docker.compose.version.
const ComposeVersion = "2.40.3"

// ContainerName is compose's name for a service's container: NAME-SERVICE-1.
func ContainerName(project, service string) string {
	return project + "-" + service + "-1"
}

// BuildImageName is compose's name for a built image without `image:`:
// NAME-SERVICE.
func BuildImageName(project, service string) string {
	return project + "-" + service
}

// ProjectFilter is the label filter value selecting a project's objects.
func ProjectFilter(project string) string { return LabelProject + "=" + project }

// containerLabels are the labels of a service's container: the service's
// own, then Compose's and labctl's over them (withOwn).
func containerLabels(p *types.Project, s types.ServiceConfig, hash, imageID string) map[string]string {
	own := map[string]string{
		LabelProject:         p.Name,
		LabelService:         s.Name,
		LabelVersion:         ComposeVersion,
		LabelOneoff:          "False",
		LabelConfigHash:      hash,
		LabelWorkingDir:      p.WorkingDir,
		LabelConfigFiles:     strings.Join(p.ComposeFiles, ","),
		LabelContainerNumber: strconv.Itoa(1),
		LabelDependsOn:       dependsOnLabel(s.DependsOn),
	}
	if imageID != "" {
		own[LabelImage] = imageID
	}
	return withOwn(s.Labels, own)
}

// withOwn is a project's labels with labctl's own (Compose's and
// org.labctl.*) applied last: they say which project owns a container,
// network, volume or image, and what a later down removes, so nothing a
// project writes may override them (a submission claiming another
// project's label would have its objects taken for that project's).
func withOwn(theirs map[string]string, own map[string]string) map[string]string {
	out := make(map[string]string, len(theirs)+len(own))
	for k, v := range theirs {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// dependsOnLabel is compose's "svc:condition:restart,..." (sorted here, so
// that the label is stable).
func dependsOnLabel(deps types.DependsOnConfig) string {
	parts := make([]string, 0, len(deps))
	for name, d := range deps {
		parts = append(parts, fmt.Sprintf("%s:%s:%t", name, d.Condition, d.Restart))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func networkLabels(project, key string) map[string]string {
	return map[string]string{LabelProject: project, LabelNetwork: key, LabelVersion: ComposeVersion}
}

func volumeLabels(project, key string) map[string]string {
	return map[string]string{LabelProject: project, LabelVolume: key, LabelVersion: ComposeVersion}
}
