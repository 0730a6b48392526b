import RoadmapKit
